import { Injectable } from '@nestjs/common';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { outboundUrlProblem } from '../common/net/public-address.js';
import { AppConfig } from '../config/app-config.js';
import { type InvitationStatus } from '../invitations/invitation.entity.js';
import { type GreenhouseRequestErrorDto, type GreenhouseSendTestDto } from './dto/greenhouse.dto.js';
import {
  type GreenhouseErrorReportReceived,
  type GreenhousePartnerStatus,
  type GreenhouseSentTest,
  type GreenhouseTest,
  type GreenhouseTestStatus,
} from './greenhouse.view.js';
import { type IntegrationActor } from './integration-key.guard.js';
import { IntegrationsService } from './integrations.service.js';
import { RequestErrorsService } from './request-errors.service.js';

/** Greenhouse counts a test done at "complete": for Candor that is when the candidate has their feedback. */
const PARTNER_STATUS: Record<InvitationStatus, GreenhousePartnerStatus> = {
  invited: 'sent',
  started: 'started',
  submitted: 'submitted',
  in_review: 'in_review',
  feedback_sent: 'complete',
  expired: 'expired',
  withdrawn: 'cancelled',
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

@Injectable()
export class GreenhouseService {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly requestErrorReports: RequestErrorsService,
    private readonly config: AppConfig,
  ) {}

  async listTests(): Promise<GreenhouseTest[]> {
    const tests = await this.integrations.listPublished();
    return tests.map((t) => ({ partner_test_id: t.id, partner_test_name: `${t.title} (${t.roleTitle})` }));
  }

  async sendTest(actor: IntegrationActor, dto: GreenhouseSendTestDto): Promise<GreenhouseSentTest> {
    // Checked when received, not only when called back: a private callback is refused before an invitation exists.
    const problem = this.config.outbound.allowPrivate ? null : outboundUrlProblem(dto.url);
    if (problem)
      throw new RequestValidationError([
        { field: 'url', message: `url ${problem}: callbacks go only to public addresses` },
      ]);
    const invitation = await this.integrations.sendTest(actor, {
      assessmentId: dto.partner_test_id,
      firstName: dto.candidate.first_name,
      lastName: dto.candidate.last_name,
      email: dto.candidate.email,
      externalId: dto.candidate.greenhouse_profile_url,
      profileUrl: dto.candidate.greenhouse_profile_url,
      callbackUrl: dto.url,
    });
    return { partner_interview_id: invitation.id };
  }

  async testStatus(actor: IntegrationActor, interviewId: string): Promise<GreenhouseTestStatus> {
    const { invitation, scorePercent, decision } = await this.integrations.status(actor, interviewId);
    return {
      partner_status: PARTNER_STATUS[invitation.status],
      partner_profile_url: this.integrations.profileUrl(invitation.id),
      partner_score: scorePercent,
      metadata: {
        candor_status: invitation.status,
        started_at: iso(invitation.startedAt),
        submitted_at: iso(invitation.submittedAt),
        submitted_by: invitation.submittedBy,
        feedback_due_at: iso(invitation.feedbackDueAt),
        feedback_sent_at: iso(invitation.feedbackSentAt),
        decision,
      },
    };
  }

  /**
   * Keeps the report for admins. The older shape's `error` and `message` stand in for `errors` when that is
   * missing, so such a report still says what went wrong.
   */
  async requestErrors(actor: IntegrationActor, dto: GreenhouseRequestErrorDto): Promise<GreenhouseErrorReportReceived> {
    const id = (value: string | number | null | undefined): string | null =>
      value === null || value === undefined ? null : String(value);
    const errors = dto.errors ?? [dto.error, dto.message].filter((e): e is string => typeof e === 'string' && e !== '');
    await this.requestErrorReports.record(actor, {
      apiCall: dto.api_call ?? null,
      errors,
      partnerTestId: id(dto.partner_test_id),
      partnerInterviewId: id(dto.partner_interview_id),
      candidateEmail: dto.candidate_email ?? null,
    });
    return { status: 200 };
  }
}
