import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { Answer } from './answer.entity.js';
import { AttemptsController } from './attempts.controller.js';
import { AttemptsProcessor } from './attempts.processor.js';
import { AttemptsService } from './attempts.service.js';
import { CandidateAuthGuard } from './candidate-auth.guard.js';

@Module({
  imports: [TypeOrmModule.forFeature([Answer]), InvitationsModule, AssessmentsModule],
  controllers: [AttemptsController],
  providers: [AttemptsService, AttemptsProcessor, CandidateAuthGuard],
  // Other features (feedback, ratings) put their candidate routes behind the same guard; the guard needs
  // InvitationsService, so they import this module (which re-exports InvitationsModule).
  exports: [AttemptsService, CandidateAuthGuard, InvitationsModule],
})
export class AttemptsModule {}
