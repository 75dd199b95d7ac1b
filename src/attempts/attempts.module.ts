import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { CandidateAuthModule } from '../candidate-auth/candidate-auth.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { Answer } from './answer.entity.js';
import { AttemptsController } from './attempts.controller.js';
import { AttemptsProcessor } from './attempts.processor.js';
import { AttemptsService } from './attempts.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Answer]), InvitationsModule, AssessmentsModule, CandidateAuthModule],
  controllers: [AttemptsController],
  providers: [AttemptsService, AttemptsProcessor],
  exports: [AttemptsService],
})
export class AttemptsModule {}
