import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { CandidateAuthGuard } from './candidate-auth.guard.js';
import { CandidateAuthService } from './candidate-auth.service.js';

/**
 * The candidate's credential check, for every feature with candidate routes (attempt, feedback, ratings):
 * they import this module, not the attempts feature, to put their routes behind the guard.
 */
@Module({
  imports: [InvitationsModule],
  providers: [CandidateAuthService, CandidateAuthGuard],
  exports: [CandidateAuthService, CandidateAuthGuard],
})
export class CandidateAuthModule {}
