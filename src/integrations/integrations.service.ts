import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type Repository } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { Clock } from '../common/clock/clock.js';
import { SecretBox } from '../common/crypto/secret-box.js';
import { AppConfig } from '../config/app-config.js';
import { type Actor } from '../events/events.service.js';
import { type Invitation } from '../invitations/invitation.entity.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import { type IntegrationActor } from './integration-key.guard.js';
import { IntegrationLink } from './integration-key.entity.js';
import { AlreadyAssessingError, UnknownInterviewError, UnknownTestError } from './integration.errors.js';

export interface PublishedTest {
  id: string;
  title: string;
  roleTitle: string;
}

export interface TestRequest {
  assessmentId: string;
  firstName: string;
  lastName: string;
  email: string;
  /** The ATS's own id for what is assessed (an application); one live invitation per id and test. */
  externalId: string | null;
  profileUrl: string | null;
  callbackUrl: string | null;
}

export interface TestStatus {
  invitation: Invitation;
  /** Rubric points given as a percentage of the maximum, once feedback is sent. */
  scorePercent: number | null;
  decision: 'advance' | 'reject' | null;
}

const actorOf = (integration: IntegrationActor): Actor => ({ type: 'integration', id: integration.keyId });

/** What every applicant tracking system can do, whatever its wire format. */
@Injectable()
export class IntegrationsService {
  private readonly secrets: SecretBox;

  constructor(
    @InjectRepository(IntegrationLink) private readonly links: Repository<IntegrationLink>,
    private readonly assessments: AssessmentsService,
    private readonly invitations: InvitationsService,
    private readonly reviews: ReviewsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.secrets = new SecretBox(config.auth.jwtSecret);
  }

  async listPublished(): Promise<PublishedTest[]> {
    const all = await this.assessments.list();
    return all
      .filter((a) => a.status === 'published')
      .map((a) => ({ id: a.id, title: a.title, roleTitle: a.roleTitle }));
  }

  /** Invites the candidate (the invitation email goes out as for a recruiter's invitation). */
  async sendTest(integration: IntegrationActor, request: TestRequest): Promise<Invitation> {
    const published = await this.listPublished();
    if (!published.some((t) => t.id === request.assessmentId)) throw new UnknownTestError();
    const { externalId } = request;
    const created = await this.invitations.create(
      {
        assessmentId: request.assessmentId,
        candidateName: `${request.firstName} ${request.lastName}`.trim(),
        candidateEmail: request.email,
        source: integration.provider,
        externalRef: externalId,
        invitedBy: null,
        actor: actorOf(integration),
      },
      // The link is written with the invitation, and one start per application and test: concurrent starts for
      // the same application queue on a transaction lock, and each checks after the previous one committed.
      async (manager, invitationId) => {
        if (externalId) {
          await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
            `integration:${integration.provider}:${request.assessmentId}:${externalId}`,
          ]);
          if (await this.hasLiveInvitation(manager, integration, request.assessmentId, externalId)) {
            throw new AlreadyAssessingError();
          }
        }
        await manager.insert(IntegrationLink, {
          invitationId,
          keyId: integration.keyId,
          provider: integration.provider,
          externalId,
          profileUrl: request.profileUrl,
          callbackUrl: request.callbackUrl,
          // Greenhouse's completion PATCH authenticates with the key Greenhouse called with.
          callbackAuth:
            request.callbackUrl && integration.provider === 'greenhouse' ? this.secrets.seal(integration.key) : null,
          createdAt: this.clock.now(),
        });
      },
    );
    const invitation = await this.invitations.findById(created.id);
    return invitation!;
  }

  async status(integration: IntegrationActor, invitationId: string): Promise<TestStatus> {
    await this.linkedInvitation(integration, invitationId);
    return this.outcome(invitationId);
  }

  /** Where a recruiter sees this candidate's submission in Candor (the ATS links to it). */
  profileUrl(invitationId: string): string {
    return `${this.config.http.publicBaseUrl}/invitations?id=${invitationId}`;
  }

  /** The invitation's state and, once feedback is sent, its score and decision (what status and callbacks report). */
  async outcome(invitationId: string): Promise<TestStatus> {
    const invitation = await this.invitations.findById(invitationId);
    if (!invitation) throw new UnknownInterviewError();
    const outcome = await this.reviews.feedbackOutcome(invitation.id);
    if (!outcome) return { invitation, scorePercent: null, decision: null };
    const { maxPoints } = await this.assessments.findVersion(invitation.assessmentVersionId);
    const scorePercent =
      outcome.points !== null && maxPoints > 0 ? Math.round((outcome.points / maxPoints) * 100) : null;
    return { invitation, scorePercent, decision: outcome.decision };
  }

  async cancel(integration: IntegrationActor, invitationId: string): Promise<Invitation> {
    await this.linkedInvitation(integration, invitationId);
    await this.invitations.withdrawAs(actorOf(integration), invitationId);
    return (await this.invitations.findById(invitationId))!;
  }

  /** Only invitations this provider asked for are visible to it; anything else is a 404. */
  private async linkedInvitation(integration: IntegrationActor, invitationId: string): Promise<Invitation> {
    const link = await this.links.findOneBy({ invitationId, provider: integration.provider });
    const invitation = link ? await this.invitations.findById(invitationId) : null;
    if (!invitation) throw new UnknownInterviewError();
    return invitation;
  }

  /**
   * Whether this application already has a live invitation to the test: its links here, their invitations'
   * status from the invitations feature, both read in the caller's transaction (under its advisory lock).
   */
  private async hasLiveInvitation(
    manager: EntityManager,
    integration: IntegrationActor,
    assessmentId: string,
    externalId: string,
  ): Promise<boolean> {
    const links = await manager.find(IntegrationLink, {
      select: { invitationId: true },
      where: { provider: integration.provider, externalId },
    });
    return this.invitations.anyLive(
      manager,
      assessmentId,
      links.map((l) => l.invitationId),
    );
  }
}
