import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { CandidateAuthModule } from '../candidate-auth/candidate-auth.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { Answer } from './answer.entity.js';
import { AttemptsController } from './attempts.controller.js';
import { AttemptsProcessor } from './attempts.processor.js';
import { AttemptsService } from './attempts.service.js';
import { CandidateRatingsController } from './candidate-ratings.controller.js';
import { CandidateRatingsRepository } from './candidate-ratings.repository.js';
import { CandidateRatingsService } from './candidate-ratings.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Answer]), InvitationsModule, AssessmentsModule, CandidateAuthModule],
  controllers: [AttemptsController, CandidateRatingsController],
  providers: [AttemptsService, AttemptsProcessor, CandidateRatingsRepository, CandidateRatingsService],
  // CandidateRatingsService: the candidate's page shows the stored rating instead of the form.
  exports: [AttemptsService, CandidateRatingsService],
})
export class AttemptsModule {}
