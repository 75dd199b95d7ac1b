import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { AttemptsModule } from '../attempts/attempts.module.js';
import { CandidateAuthModule } from '../candidate-auth/candidate-auth.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { CandidateDataController } from './candidate-data.controller.js';
import { CandidateDataService } from './candidate-data.service.js';

/**
 * The candidate's data export (issue #19): reads what the invitations, assessments, attempts and reviews
 * features hold about one invitation, through their services; nothing depends on this feature.
 */
@Module({
  imports: [CandidateAuthModule, InvitationsModule, AssessmentsModule, AttemptsModule, ReviewsModule],
  controllers: [CandidateDataController],
  providers: [CandidateDataService],
})
export class CandidateDataModule {}
