import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { AttemptsModule } from '../attempts/attempts.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { CandidateWebController } from './candidate-web.controller.js';
import { CandidateWebService } from './candidate-web.service.js';

@Module({
  // Reviews: the sent feedback is rendered into the page; Metrics: the candidate's rating of it; Assessments:
  // the readings' and prompts' HTML stored at publish.
  imports: [InvitationsModule, AttemptsModule, ReviewsModule, MetricsModule, AssessmentsModule],
  controllers: [CandidateWebController],
  providers: [CandidateWebService],
})
export class CandidateWebModule {}
