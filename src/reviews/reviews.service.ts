import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type StaffActor } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { guardedUpdate } from '../common/database/guarded-update.js';
import { AppConfig } from '../config/app-config.js';
import { type Actor, EventsService } from '../events/events.service.js';
import { Invitation } from '../invitations/invitation.entity.js';
import { InvitationNotFoundError, InvitationStateError } from '../invitations/invitation.errors.js';
import { OutboxService } from '../mail/outbox.service.js';
import { Feedback } from './feedback.entity.js';
import { checkFeedback, type FeedbackInput, feedbackTexts, normaliseFeedbackText, type UnmetRule } from './feedback-rules.js';
import { feedbackMail } from './review-mails.js';
import { ReviewJobsScheduler } from './review-jobs.scheduler.js';
import { Review, type ReviewDraft, type ReviewStatus, type ReviewTransition } from './review.entity.js';
import { FeedbackNotUsefulError, ReviewLimitError, ReviewNotFoundError, ReviewStateError } from './review.errors.js';
import { type SubmissionContent, ReviewsRepository } from './reviews.repository.js';
import { type FeedbackDto } from './dto/feedback.dto.js';

/** A claimed submission as its reviewer sees it: blind (no candidate name or email anywhere). */
export interface ReviewView extends SubmissionContent {
  id: string;
  submissionId: string;
  status: ReviewStatus;
  claimedAt: Date;
  leaseExpiresAt: Date;
  draft: ReviewDraft;
  /** The feedback rules the current draft does not meet yet. */
  unmet: UnmetRule[];
}

export interface DraftSaved {
  id: string;
  status: ReviewStatus;
  savedAt: Date;
  leaseExpiresAt: Date;
  unmet: UnmetRule[];
}

export interface QueueStatus {
  depth: number;
  nearestFeedbackDueAt: Date | null;
  maxActive: number;
  mine: number;
}

/** What the candidate sees: when to expect feedback, then the feedback itself (never scores or who wrote it). */
export type CandidateFeedbackView =
  | { status: 'pending'; feedbackDueAt: Date; late: boolean; promisedBy: Date | null }
  | {
      status: 'sent';
      sentAt: Date;
      decision: string;
      summary: string;
      strengths: string;
      improvements: string;
      criteria: { key: string; title: string; comment: string }[];
    };

export type ClaimEndReason = 'released' | 'lease_expired' | 'revoked';

const staffActor = (actor: StaffActor): Actor => ({ type: 'staff', id: actor.id });

/** Claiming, drafting, releasing and completing reviews; every change is one guarded transaction with its events. */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ReviewsRepository,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly scheduler: ReviewJobsScheduler,
    private readonly clock: Clock,
  ) {}

  /** The most urgent unclaimed submission for this reviewer, or null when the queue is empty. */
  async claim(actor: StaffActor): Promise<ReviewView | null> {
    const now = this.clock.now();
    const review = await this.dataSource.transaction(async (m) => {
      await this.repo.lockReviewer(m, actor.id);
      if ((await this.repo.countActive(m, actor.id)) >= this.config.reviews.maxActive) throw new ReviewLimitError(this.config.reviews.maxActive);
      const head = await this.repo.lockQueueHead(m);
      if (!head) return null;
      const t = head.claim(now);
      // The row is locked by this transaction, so the guard cannot lose; checked all the same.
      if (!(await guardedUpdate(m, Invitation, head.id, t.from, t.changes))) return null;
      const claimed = await m.save(
        m.create(Review, {
          invitationId: head.id,
          reviewerId: actor.id,
          status: 'active',
          claimedAt: now,
          leaseExpiresAt: Review.leaseUntil(now, this.config.reviews.leaseMinutes),
          endedAt: null,
          draft: {},
        }),
      );
      await this.recordInvitationEvent(m, head.id, t.event, staffActor(actor), now, { reviewId: claimed.id });
      await this.recordReviewEvent(m, claimed, 'review.claimed', staffActor(actor), now, { leaseExpiresAt: claimed.leaseExpiresAt.toISOString() });
      return claimed;
    });
    if (!review) return null;
    const view = await this.toView(review);
    await this.scheduler.scheduleNotices(review.invitationId, view.submittedAt, view.feedbackDueAt);
    await this.scheduler.scheduleLeaseExpiry(review);
    return view;
  }

  async mine(actor: StaffActor): Promise<ReviewView[]> {
    const reviews = await this.repo.findActiveByReviewer(actor.id);
    return Promise.all(reviews.map((r) => this.toView(r)));
  }

  async get(actor: StaffActor, id: string): Promise<ReviewView> {
    return this.toView(await this.visibleReview(actor, id));
  }

  async queue(actor: StaffActor): Promise<QueueStatus> {
    const [status, mine] = await Promise.all([this.repo.queueStatus(), this.repo.findActiveByReviewer(actor.id)]);
    return { ...status, maxActive: this.config.reviews.maxActive, mine: mine.length };
  }

  async candidateFeedback(invitationId: string): Promise<CandidateFeedbackView> {
    const invitation = await this.repo.findInvitation(invitationId);
    if (!invitation) throw new InvitationNotFoundError();
    if (invitation.status === 'feedback_sent') {
      const [feedback, rubric] = await Promise.all([this.repo.findFeedback(invitationId), this.repo.rubricOf(this.dataSource.manager, invitationId)]);
      if (!feedback) throw new InvitationStateError(invitation.status, 'find the feedback of');
      return {
        status: 'sent',
        sentAt: feedback.sentAt,
        decision: feedback.decision,
        summary: feedback.summary,
        strengths: feedback.strengths,
        improvements: feedback.improvements,
        criteria: rubric.map((c) => ({ key: c.key, title: c.title, comment: feedback.criteria[c.key] ?? '' })),
      };
    }
    if (!invitation.feedbackDueAt) throw new InvitationStateError(invitation.status, 'read feedback before submitting');
    const lateNotice = await this.repo.findNotice(invitationId, 'late_notice');
    return { status: 'pending', feedbackDueAt: invitation.feedbackDueAt, late: this.clock.now() > invitation.feedbackDueAt, promisedBy: lateNotice?.promisedAt ?? null };
  }

  /** Saves without completing and renews the lease: the reviewer is still at work. */
  async saveDraft(actor: StaffActor, id: string, dto: FeedbackDto): Promise<DraftSaved> {
    const now = this.clock.now();
    const review = await this.visibleReview(actor, id);
    const draft = { ...dto };
    // Under the invitation's lock, like lease expiry: a save and an expiry of the same claim never interleave.
    const saved = await this.dataSource.transaction(async (m) => {
      await this.repo.lockInvitation(m, review.invitationId);
      const current = await this.repo.findReview(m, review.id);
      if (!current) throw new ReviewNotFoundError();
      const t = current.saveDraft(draft, now, this.config.reviews.leaseMinutes);
      const updated = await guardedUpdate(m, Review, current.id, t.from, t.changes);
      if (!updated) throw new ReviewStateError('no longer active', 'save a draft of');
      return updated;
    });
    return { id: saved.id, status: saved.status, savedAt: now, leaseExpiresAt: saved.leaseExpiresAt, unmet: await this.unmetRules(this.dataSource.manager, saved, draft) };
  }

  async release(actor: StaffActor, id: string): Promise<{ id: string; status: ReviewStatus }> {
    const now = this.clock.now();
    const review = await this.visibleReview(actor, id);
    await this.dataSource.transaction(async (m) => {
      const invitation = await this.repo.lockInvitation(m, review.invitationId);
      const current = await this.repo.findReview(m, review.id);
      if (!invitation || !current) throw new ReviewNotFoundError();
      await this.endClaim(m, current, invitation, current.release(now), 'released', staffActor(actor), now);
    });
    return { id, status: 'released' };
  }

  /**
   * Checks the feedback rules and, when they are met, delivers the feedback in the same transaction: review
   * completed, feedback stored (immutable), invitation feedback_sent, the candidate's email in the outbox.
   */
  async complete(actor: StaffActor, id: string, dto: FeedbackDto): Promise<{ status: 'completed'; feedbackSentAt: Date }> {
    const now = this.clock.now();
    const review = await this.visibleReview(actor, id);
    const messageId = await this.dataSource.transaction(async (m) => {
      await this.repo.lockReviewer(m, review.reviewerId);
      const invitation = await this.repo.lockInvitation(m, review.invitationId);
      const current = await this.repo.findReview(m, review.id);
      if (!invitation || !current) throw new ReviewNotFoundError();
      const rt = current.complete(now);
      const input: FeedbackInput = { ...dto };
      const unmet = await this.unmetRules(m, current, input);
      if (unmet.length > 0) throw new FeedbackNotUsefulError(unmet);
      const it = invitation.sendFeedback(now);
      if (!(await guardedUpdate(m, Review, current.id, rt.from, rt.changes))) throw new ReviewStateError('no longer active', 'complete');
      if (!(await guardedUpdate(m, Invitation, invitation.id, it.from, it.changes))) throw new InvitationStateError(invitation.status, 'send feedback');
      const feedback = m.create(Feedback, {
        invitationId: invitation.id,
        reviewId: current.id,
        reviewerId: current.reviewerId,
        decision: dto.decision!,
        scores: dto.scores!,
        criteria: dto.criteria!,
        summary: dto.summary!,
        strengths: dto.strengths!,
        improvements: dto.improvements!,
        sentAt: now,
      });
      await m.insert(Feedback, feedback);
      const content = await this.repo.submissionContent(invitation.id, m);
      const mail = feedbackMail(content.assessment.title, feedback, content.rubric);
      const queued = await this.outbox.enqueue(m, { dedupeKey: `feedback:${invitation.id}`, to: invitation.candidateEmail, ...mail });
      await this.recordReviewEvent(m, current, rt.event, staffActor(actor), now, { decision: feedback.decision });
      await this.recordInvitationEvent(m, invitation.id, it.event, staffActor(actor), now, {
        reviewId: current.id,
        late: invitation.feedbackDueAt !== null && now > invitation.feedbackDueAt,
      });
      return queued;
    });
    await this.outbox.deliverSoon([messageId]);
    return { status: 'completed', feedbackSentAt: now };
  }

  /**
   * Ends an active claim and puts the submission back in the queue (release, lease expiry, revocation at the
   * deadline). The caller holds the invitation's row lock. Returns the invitation as now stored, or null
   * when the claim had already ended.
   */
  async endClaim(m: EntityManager, review: Review, invitation: Invitation, rt: ReviewTransition, reason: ClaimEndReason, actor: Actor, now: Date): Promise<Invitation | null> {
    if (!(await guardedUpdate(m, Review, review.id, rt.from, rt.changes))) return null;
    const it = invitation.returnToQueue(now, reason);
    const returned = await guardedUpdate(m, Invitation, invitation.id, it.from, it.changes);
    if (!returned) throw new InvitationStateError(invitation.status, 'return to the queue');
    await this.recordReviewEvent(m, review, rt.event, actor, now);
    await this.recordInvitationEvent(m, invitation.id, it.event, actor, now, { reviewId: review.id });
    return returned;
  }

  /** The claimer's review; admins see every review. Anyone else gets the same 404 as for an unknown id. */
  private async visibleReview(actor: StaffActor, id: string): Promise<Review> {
    const review = await this.repo.findReviewById(id);
    if (!review || (review.reviewerId !== actor.id && actor.role !== 'admin')) throw new ReviewNotFoundError();
    return review;
  }

  private async unmetRules(m: EntityManager, review: Review, input: FeedbackInput): Promise<UnmetRule[]> {
    const [rubric, previous] = await Promise.all([
      this.repo.rubricOf(m, review.invitationId),
      this.repo.previousFeedback(m, review.reviewerId, review.invitationId),
    ]);
    const previousTexts = new Set(previous.flatMap((f) => feedbackTexts(f).map((t) => normaliseFeedbackText(t.text))));
    return checkFeedback(input, rubric, { minChars: this.config.reviews.feedbackMinChars, previousTexts });
  }

  private async toView(review: Review): Promise<ReviewView> {
    const content = await this.repo.submissionContent(review.invitationId);
    return {
      id: review.id,
      submissionId: review.invitationId,
      status: review.status,
      ...content,
      claimedAt: review.claimedAt,
      leaseExpiresAt: review.leaseExpiresAt,
      draft: review.draft,
      unmet: await this.unmetRules(this.dataSource.manager, review, review.draft),
    };
  }

  private recordReviewEvent(m: EntityManager, review: Review, type: string, actor: Actor, now: Date, data: Record<string, string | number | boolean | null> = {}): Promise<void> {
    return this.events.record(m, {
      aggregateType: 'review',
      aggregateId: review.id,
      invitationId: review.invitationId,
      type,
      actor,
      occurredAt: now,
      data: { reviewerId: review.reviewerId, ...data },
    });
  }

  recordInvitationEvent(m: EntityManager, invitationId: string, type: string, actor: Actor, now: Date, data: Record<string, string | number | boolean | null> = {}): Promise<void> {
    return this.events.record(m, { aggregateType: 'invitation', aggregateId: invitationId, invitationId, type, actor, occurredAt: now, data });
  }
}
