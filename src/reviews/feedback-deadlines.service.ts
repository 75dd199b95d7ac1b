import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { AppConfig } from '../config/app-config.js';
import { SYSTEM_ACTOR } from '../events/events.service.js';
import { type Invitation } from '../invitations/invitation.entity.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { type CandidateMailContext } from '../mail/candidate-mails.js';
import { OutboxService } from '../mail/outbox.service.js';
import { UsersService } from '../users/users.service.js';
import { type FeedbackNoticeKind } from './feedback-notice.entity.js';
import { isSuperseded, latePromise, NOTICE_SCHEDULE, noticeDueAt, noticesFor } from './feedback-schedule.js';
import { ReviewJobsScheduler } from './review-jobs.scheduler.js';
import {
  breachMail,
  lateNoticeMail,
  type MailContent,
  promiseMissedCandidateMail,
  promiseMissedStaffMail,
  reminderMail,
} from './review-mails.js';
import { ReviewsRepository } from './reviews.repository.js';
import { ReviewClaimsService } from './review-claims.service.js';

/** How many submissions the notice sweep reads at a time. */
const NOTICE_PAGE = 200;

/**
 * Deadlines with teeth: reminders at 50 % and 90 % of the feedback window, the breach at the deadline (claim
 * revoked, admins and the inviting recruiter told), the candidate's delay notice a day later, and lease
 * expiry. Delayed jobs act on time; the sweep is the safety net and the only path for submissions it has
 * not seen yet. Every step is once-only: feedback_notices' primary key, guarded updates, row locks.
 */
@Injectable()
export class FeedbackDeadlinesService {
  private readonly logger = new Logger(FeedbackDeadlinesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ReviewsRepository,
    private readonly claims: ReviewClaimsService,
    private readonly invitations: InvitationsService,
    private readonly assessments: AssessmentsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly scheduler: ReviewJobsScheduler,
    private readonly config: AppConfig,
  ) {}

  /** The safety net: every notice whose moment has passed and every lease that ran out. */
  async sweep(now: Date): Promise<void> {
    for (const id of await this.repo.expiredLeases(now))
      await this.isolated(`lease expiry of review ${id}`, () => this.expireLease(id, now));
    for (const kind of noticesFor(this.config.reviews.reminders)) await this.sweepNotices(kind, now);
  }

  /**
   * Every submission whose `kind` moment has passed, a page at a time to the end (most urgent first), so
   * submissions already noticed never hide a later one that is due; those are skipped here, and processNotice
   * makes the notice once-only all the same.
   */
  private async sweepNotices(kind: FeedbackNoticeKind, now: Date): Promise<void> {
    let afterId: string | null = null;
    for (;;) {
      const page = await this.invitations.awaitingFeedback(NOTICE_SCHEDULE[kind], now, afterId, NOTICE_PAGE);
      const noticed = await this.repo.noticed(kind, page);
      for (const id of page) {
        if (!noticed.has(id)) await this.isolated(`${kind} of ${id}`, () => this.processNotice(id, kind, now));
      }
      if (page.length < NOTICE_PAGE) return;
      afterId = page[page.length - 1];
    }
  }

  /** One failing submission must not stop the sweep for every other one; it is retried on the next sweep. */
  private async isolated(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.logger.error({ err }, `${what} failed; the next sweep retries it`);
    }
  }

  /** Returns an expired claim to the queue; a lease renewed since the job was scheduled is rescheduled instead. */
  async expireLease(reviewId: string, now: Date): Promise<void> {
    const review = await this.repo.findReviewById(reviewId);
    if (!review || review.status !== 'active') return;
    if (review.leaseExpiresAt > now) {
      await this.scheduler.scheduleLeaseExpiry(review);
      return;
    }
    await this.dataSource.transaction(async (m) => {
      const invitation = await this.invitations.lock(m, review.invitationId);
      const current = await this.repo.findReview(m, reviewId);
      if (current?.status !== 'active' || current.leaseExpiresAt > now) return;
      await this.claims.endClaim(m, current, invitation, current.expireLease(now), 'lease_expired', SYSTEM_ACTOR, now);
    });
  }

  /** One notice of one submission, at most once: a job and the sweep (or two workers) may both try. */
  async processNotice(invitationId: string, kind: FeedbackNoticeKind, now: Date): Promise<void> {
    // A job scheduled before FEEDBACK_REMINDERS was turned off does nothing.
    if (!noticesFor(this.config.reviews.reminders).includes(kind)) return;
    const messageIds = await this.dataSource.transaction(async (m) => {
      const invitation = await this.invitations.lock(m, invitationId);
      if (!invitation.submittedAt || !invitation.feedbackDueAt) return [];
      if (invitation.status !== 'submitted' && invitation.status !== 'in_review') return [];
      if (now < noticeDueAt(kind, invitation.submittedAt, invitation.feedbackDueAt)) return [];
      // The promise is the one the candidate was given (a late notice sent late promised a later date).
      const promise = kind === 'promise_missed' ? await this.repo.findNotice(invitationId, 'late_notice') : null;
      if (kind === 'promise_missed' && (!promise?.promisedAt || now < promise.promisedAt)) return [];
      const promisedAt = kind === 'late_notice' ? latePromise(now) : null;
      if (!(await this.repo.insertNotice(m, invitationId, kind, now, promisedAt))) return [];
      const { title } = await this.assessments.findVersion(invitation.assessmentVersionId, m);
      switch (kind) {
        case 'reminder_50':
        case 'reminder_90':
          return this.remind(m, invitation, kind, title, now);
        case 'breach':
          return this.breach(m, invitation, title, now);
        case 'late_notice':
          return this.lateNotice(m, invitation, title, promisedAt!, now);
        case 'promise_missed':
          return this.promiseMissed(m, invitation, title, promise!.promisedAt!, now);
      }
    });
    await this.outbox.deliverSoon(messageIds);
  }

  private async remind(
    m: EntityManager,
    invitation: Invitation,
    kind: 'reminder_50' | 'reminder_90',
    title: string,
    now: Date,
  ): Promise<(string | null)[]> {
    const claim = await this.repo.findActiveForInvitation(m, invitation.id);
    const superseded = isSuperseded(kind, invitation.submittedAt!, invitation.feedbackDueAt!, now);
    const recipients = superseded
      ? []
      : claim
        ? await this.users.findByIds([claim.reviewerId])
        : await this.users.findByRole('reviewer');
    const mail = reminderMail(title, kind === 'reminder_50' ? 50 : 90, invitation.feedbackDueAt!, claim !== null);
    await this.invitations.recordEvent(m, invitation.id, `feedback.${kind}`, SYSTEM_ACTOR, now, {
      recipients: recipients.length,
      claimed: claim !== null,
      superseded,
    });
    return this.mailEach(m, invitation.id, kind, recipients, mail);
  }

  private async breach(m: EntityManager, invitation: Invitation, title: string, now: Date): Promise<(string | null)[]> {
    let current = invitation;
    const claim = await this.repo.findActiveForInvitation(m, invitation.id);
    // The baseline (FEEDBACK_REMINDERS=off) keeps the claim and tells nobody; the breach is recorded all the same.
    const teeth = this.config.reviews.reminders;
    const revoked = teeth ? claim : null;
    if (revoked)
      current =
        (await this.claims.endClaim(m, revoked, invitation, revoked.revoke(now), 'revoked', SYSTEM_ACTOR, now)) ??
        current;
    if (!current.feedbackBreachedAt) {
      // processNotice holds the row lock and saw the submission waiting for feedback (a revoked claim put it
      // back to submitted), so the guard cannot lose: if it ever did, apply throws and the notice rolls back.
      current = await this.invitations.apply(m, current, current.recordBreach(now), SYSTEM_ACTOR, now, {
        feedbackDueAt: current.feedbackDueAt!.toISOString(),
        revokedReviewId: revoked?.id ?? null,
      });
    }
    if (!teeth) return [];
    const recipients = await this.adminsAndRecruiter(current);
    return this.mailEach(
      m,
      current.id,
      'breach',
      recipients,
      breachMail(title, current.feedbackDueAt!, claim !== null),
    );
  }

  private async lateNotice(
    m: EntityManager,
    invitation: Invitation,
    title: string,
    promisedAt: Date,
    now: Date,
  ): Promise<(string | null)[]> {
    await this.invitations.recordEvent(m, invitation.id, 'feedback.late_notice', SYSTEM_ACTOR, now, {
      promisedAt: promisedAt.toISOString(),
    });
    return [await this.mailCandidate(m, invitation, 'late_notice', (ctx) => lateNoticeMail(ctx, title, promisedAt))];
  }

  /** The date the candidate was promised has passed too: admins and the recruiter again, the candidate honestly. */
  private async promiseMissed(
    m: EntityManager,
    invitation: Invitation,
    title: string,
    promisedAt: Date,
    now: Date,
  ): Promise<(string | null)[]> {
    await this.invitations.recordEvent(m, invitation.id, 'feedback.promise_missed', SYSTEM_ACTOR, now, {
      promisedAt: promisedAt.toISOString(),
    });
    const staff = await this.adminsAndRecruiter(invitation);
    const ids = await this.mailEach(
      m,
      invitation.id,
      'promise_missed',
      staff,
      promiseMissedStaffMail(title, promisedAt),
    );
    ids.push(
      await this.mailCandidate(m, invitation, 'promise_missed', (ctx) =>
        promiseMissedCandidateMail(ctx, title, promisedAt),
      ),
    );
    return ids;
  }

  /** The candidate's own notice, once per kind (the outbox's dedupe key). */
  private async mailCandidate(
    m: EntityManager,
    invitation: Invitation,
    kind: FeedbackNoticeKind,
    mail: (ctx: CandidateMailContext) => MailContent,
  ): Promise<string | null> {
    const { context, replyTo } = await this.invitations.candidateMailFrame(m, invitation);
    return this.outbox.enqueue(m, {
      dedupeKey: `feedback-notice:${invitation.id}:${kind}`,
      to: invitation.candidateEmail,
      replyTo,
      ...mail(context),
    });
  }

  private async adminsAndRecruiter(invitation: Invitation): Promise<{ id: string; email: string }[]> {
    const admins = await this.users.findByRole('admin');
    const recruiter = invitation.invitedBy ? await this.users.findByIds([invitation.invitedBy]) : [];
    return [...admins, ...recruiter.filter((r) => !admins.some((a) => a.id === r.id))];
  }

  private async mailEach(
    m: EntityManager,
    invitationId: string,
    kind: FeedbackNoticeKind,
    to: { id: string; email: string }[],
    mail: MailContent,
  ): Promise<(string | null)[]> {
    const ids: (string | null)[] = [];
    for (const user of to) {
      ids.push(
        await this.outbox.enqueue(m, {
          dedupeKey: `feedback-notice:${invitationId}:${kind}:${user.id}`,
          to: user.email,
          ...mail,
        }),
      );
    }
    if (to.length === 0 && kind === 'breach')
      this.logger.warn(`breach of ${invitationId}: no admin or recruiter to tell`);
    return ids;
  }
}
