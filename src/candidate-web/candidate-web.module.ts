import { Module } from '@nestjs/common';
import { AttemptsModule } from '../attempts/attempts.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { CandidateWebController } from './candidate-web.controller.js';
import { CandidateWebService } from './candidate-web.service.js';

@Module({
  // Reviews: the sent feedback is rendered into the page; Metrics: the candidate's rating of it.
  imports: [AttemptsModule, ReviewsModule, MetricsModule],
  controllers: [CandidateWebController],
  providers: [CandidateWebService],
})
export class CandidateWebModule {}
