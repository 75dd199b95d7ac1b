import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { AttemptsModule } from '../attempts/attempts.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { CandidateWebController } from './candidate-web.controller.js';
import { CandidateWebService } from './candidate-web.service.js';

@Module({
  // Attempts: the attempt and the candidate's rating of the feedback; Reviews: the sent feedback is rendered
  // into the page; Assessments: the readings' and prompts' HTML stored at publish.
  imports: [InvitationsModule, AttemptsModule, ReviewsModule, AssessmentsModule],
  controllers: [CandidateWebController],
  providers: [CandidateWebService],
})
export class CandidateWebModule {}
