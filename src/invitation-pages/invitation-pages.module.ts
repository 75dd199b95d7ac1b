import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { InvitationsPageController } from './invitations-page.controller.js';
import { InvitationsPagePresenter } from './invitations-page.presenter.js';

/** The candidates page (GET /invitations): every invitation, invite one or many, extend, withdraw, resend. */
@Module({
  imports: [InvitationsModule, AssessmentsModule],
  controllers: [InvitationsPageController],
  providers: [InvitationsPagePresenter],
})
export class InvitationPagesModule {}
