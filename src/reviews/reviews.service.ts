import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { AttemptsService } from '../attempts/attempts.service.js';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { guardedUpdate } from '../common/database/guarded-update.js';
import { AppConfig } from '../config/app-config.js';
import { type Actor, EventsService, staffActor } from '../events/events.service.js';
import { type Invitation } from '../invitations/invitation.entity.js';
import { InvitationNotFoundError, InvitationStateError } from '../invitations/invitation.errors.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OutboxService } from '../mail/outbox.service.js';
import { UsersService } from '../users/users.service.js';
import { Feedback } from './feedback.entity.js';
import { type AnchoredComment } from './feedback.entity.js';
import {
  checkFeedback,
  COMMENT_MIN_CHARS,
  CRITERION_MIN_CHARS,
  type Decision,
  type FeedbackInput,
  type FeedbackLimits,
  feedbackTexts,
  foldText,
  sentenceFingerprints,
  type UnmetRule,
} from './feedback-rules.js';
import { anchorQuote, QUOTE_MIN_CHARS } from './text-quote.js';
import { feedbackMail } from './review-mails.js';
import { Review } from './review.entity.js';
import { FeedbackNotUsefulError, ReviewNotFoundError, ReviewStateError } from './review.errors.js';
import { ReviewsRepository } from './reviews.repository.js';
import { type SubmissionContent, toSubmissionContent } from './submission-content.js';
import { type FeedbackDto } from './dto/feedback.dto.js';
import { type CandidateFeedbackView } from './candidate-feedback.view.js';
import { type CompletedReview, type DraftSaved, type QueueStatus, type ReviewView } from './review.view.js';

/** A sent feedback's decision and the rubric points it gave (null when it scored nothing), for integrations. */
export interface FeedbackOutcome {
  decision: Decision;
  points: number | null;
}

/**
 * A reviewer's work on a claimed submission: reading it, drafting and completing the feedback (claims begin and
 * end in ReviewClaimsService). Every change is one guarded transaction with its events, in the one lock order of
 * the reviews feature: the reviewer's user row (claim, complete; deactivation takes it too), then the
 * invitation's row (InvitationsService), then the review is read and written under it.
 */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ReviewsRepository,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly invitations: InvitationsService,
    private readonly users: UsersService,
    private readonly assessments: AssessmentsService,
    private readonly attempts: AttemptsService,
    private readonly clock: Clock,
  ) {}

  async mine(actor: StaffActor): Promise<ReviewView[]> {
    const reviews = await this.repo.findActiveByReviewer(actor.id);
    return Promise.all(reviews.map((r) => this.toView(r)));
  }

  /**
   * A reviewer reads a review while their claim is active, and the one they completed (the feedback they sent,
   * to answer for it); a claim they released or lost may be someone else's now, so its answers are gone to them
   * (404, as for any other's). Admins read every review.
   */
  async get(actor: StaffActor, id: string): Promise<ReviewView> {
    const review = await this.visibleReview(actor, id);
    if (actor.role !== 'admin' && review.status !== 'active' && review.status !== 'completed')
      throw new ReviewNotFoundError();
    return this.toView(review);
  }

  async queue(actor: StaffActor): Promise<QueueStatus> {
    const [status, mine] = await Promise.all([
      this.invitations.queueStatus(),
      this.repo.findActiveByReviewer(actor.id),
    ]);
    return { ...status, maxActive: this.config.reviews.maxActive, mine: mine.length };
  }

  /** The decision and points of the feedback sent for a submission, or null while none is. */
  async feedbackOutcome(invitationId: string): Promise<FeedbackOutcome | null> {
    const feedback = await this.repo.findFeedback(invitationId);
    if (!feedback) return null;
    const scores = Object.values(feedback.scores);
    return { decision: feedback.decision, points: scores.length > 0 ? scores.reduce((sum, s) => sum + s, 0) : null };
  }

  async candidateFeedback(invitationId: string): Promise<CandidateFeedbackView> {
    const invitation = await this.invitations.findById(invitationId);
    if (!invitation) throw new InvitationNotFoundError();
    if (invitation.status === 'feedback_sent') {
      const [feedback, content] = await Promise.all([
        this.repo.findFeedback(invitationId),
        this.submissionContent(invitation),
      ]);
      if (!feedback) throw new InvitationStateError(invitation.status, 'find the feedback of');
      return {
        status: 'sent',
        sentAt: feedback.sentAt,
        decision: feedback.decision,
        summary: feedback.summary,
        strengths: feedback.strengths,
        improvements: feedback.improvements,
        criteria: content.rubric.map((c) => ({ key: c.key, title: c.title, comment: feedback.criteria[c.key] ?? '' })),
        comments: feedback.comments.map((c) => ({
          questionKey: c.questionKey,
          quote: { exact: c.quote.exact, start: c.quote.start, end: c.quote.end },
          text: c.text,
        })),
        answers: Object.fromEntries(Object.entries(content.answers).map(([key, a]) => [key, a.value])),
        questions: content.questions.map((q) => ({ key: q.key, prompt: q.prompt, type: q.type })),
      };
    }
    if (!invitation.feedbackDueAt) throw new InvitationStateError(invitation.status, 'read feedback before submitting');
    const lateNotice = await this.repo.findNotice(invitationId, 'late_notice');
    return {
      status: 'pending',
      feedbackDueAt: invitation.feedbackDueAt,
      late: this.clock.now() > invitation.feedbackDueAt,
      promisedBy: lateNotice?.promisedAt ?? null,
    };
  }

  /** Saves without completing and renews the lease: the reviewer is still at work. */
  async saveDraft(actor: StaffActor, id: string, dto: FeedbackDto): Promise<DraftSaved> {
    const now = this.clock.now();
    const review = await this.visibleReview(actor, id);
    const draft = { ...dto };
    // Under the invitation's lock, like lease expiry: a save and an expiry of the same claim never interleave.
    const saved = await this.dataSource.transaction(async (m) => {
      await this.invitations.lock(m, review.invitationId);
      const current = await this.repo.findReview(m, review.id);
      if (!current) throw new ReviewNotFoundError();
      const t = current.saveDraft(draft, now, this.config.reviews.leaseMinutes);
      const updated = await guardedUpdate(m, Review, current.id, t.from, t.changes);
      if (!updated) throw new ReviewStateError('no longer active', 'save a draft of');
      return updated;
    });
    const content = await this.submissionContentOf(saved.invitationId);
    return {
      id: saved.id,
      status: saved.status,
      savedAt: now,
      leaseExpiresAt: saved.leaseExpiresAt,
      unmet: await this.unmetRules(this.dataSource.manager, saved, draft, content),
    };
  }

  /**
   * Checks the feedback rules and, when they are met, delivers the feedback in the same transaction: review
   * completed, feedback stored (immutable), invitation feedback_sent, the candidate's email in the outbox.
   */
  async complete(actor: StaffActor, id: string, dto: FeedbackDto): Promise<CompletedReview> {
    const now = this.clock.now();
    const review = await this.visibleReview(actor, id);
    const messageId = await this.dataSource.transaction(async (m) => {
      // The reviewer's lock, first as in claim: one reviewer's completions run one at a time (the copy rule).
      await this.users.lockActive(m, review.reviewerId);
      const invitation = await this.invitations.lock(m, review.invitationId);
      const current = await this.repo.findReview(m, review.id);
      if (!current) throw new ReviewNotFoundError();
      const rt = current.complete(now);
      const input: FeedbackInput = { ...dto };
      const content = await this.submissionContent(invitation, m);
      const unmet = await this.unmetRules(m, current, input, content);
      if (unmet.length > 0) throw new FeedbackNotUsefulError(unmet);
      const feedbackLink = this.invitations.newCandidateLink();
      const it = invitation.sendFeedback(now, feedbackLink.tokenHash);
      if (!(await guardedUpdate(m, Review, current.id, rt.from, rt.changes)))
        throw new ReviewStateError('no longer active', 'complete');
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
        comments: anchoredComments(input, content.answers),
        sentAt: now,
      });
      await m.insert(Feedback, feedback);
      const texts = feedbackTexts(input, content.rubric, 0);
      await this.repo.indexFeedback(
        m,
        invitation.id,
        current.reviewerId,
        texts.map((t) => ({ field: t.field, folded: foldText(t.text) })),
        texts.flatMap((t) => sentenceFingerprints(t.text)),
      );
      const frame = await this.invitations.candidateMailFrame(m, invitation);
      const mail = feedbackMail(frame.context, content.assessment.title, feedback, content.rubric, feedbackLink.link);
      const queued = await this.outbox.enqueue(m, {
        dedupeKey: `feedback:${invitation.id}`,
        to: invitation.candidateEmail,
        replyTo: frame.replyTo,
        ...mail,
      });
      await this.recordReviewEvent(m, current, rt.event, staffActor(actor), now, { decision: feedback.decision });
      // The invitation is locked by this transaction, so its guard cannot lose; apply checks it all the same.
      await this.invitations.apply(m, invitation, it, staffActor(actor), now, {
        reviewId: current.id,
        late: invitation.feedbackDueAt !== null && now > invitation.feedbackDueAt,
      });
      return queued;
    });
    await this.outbox.deliverSoon([messageId]);
    return { status: 'completed', feedbackSentAt: now };
  }

  /** The claimer's review; admins see every review. Anyone else gets the same 404 as for an unknown id. */
  async visibleReview(actor: StaffActor, id: string): Promise<Review> {
    const review = await this.repo.findReviewById(id);
    if (!review || (review.reviewerId !== actor.id && actor.role !== 'admin')) throw new ReviewNotFoundError();
    return review;
  }

  /**
   * The feedback rules with what they need from the database: the submission (rubric, questions, answers,
   * minimum comments), the texts already sent for other submissions that the index finds close to this
   * feedback's texts, and which of its sentences other candidates were sent too.
   */
  private async unmetRules(
    m: EntityManager,
    review: Review,
    input: FeedbackInput,
    content: SubmissionContent,
  ): Promise<UnmetRule[]> {
    const texts = feedbackTexts(input, content.rubric, 0).filter((t) => t.text !== '');
    const [sentTexts, recurringSentences] = await Promise.all([
      this.repo.sentTextsLike(
        m,
        texts.map((t) => foldText(t.text)),
        review.invitationId,
        review.reviewerId,
      ),
      this.repo.recurringSentences(
        m,
        texts.flatMap((t) => sentenceFingerprints(t.text)),
        review.invitationId,
      ),
    ]);
    return checkFeedback(input, content.rubric, {
      minChars: this.config.reviews.feedbackMinChars,
      minAnchoredComments: content.minAnchoredComments,
      questions: content.questions,
      answers: Object.fromEntries(Object.entries(content.answers).map(([key, a]) => [key, a.value])),
      sentTexts,
      recurringSentences,
    });
  }

  private limits(content: SubmissionContent): FeedbackLimits {
    return {
      minChars: this.config.reviews.feedbackMinChars,
      criterionMinChars: CRITERION_MIN_CHARS,
      commentMinChars: COMMENT_MIN_CHARS,
      quoteMinChars: QUOTE_MIN_CHARS,
      minAnchoredComments: content.minAnchoredComments,
    };
  }

  /** The review as its reviewer sees it (blind), with the rules its draft does not meet yet. */
  async toView(review: Review): Promise<ReviewView> {
    const content = await this.submissionContentOf(review.invitationId);
    return {
      id: review.id,
      submissionId: review.invitationId,
      status: review.status,
      ...content,
      claimedAt: review.claimedAt,
      leaseExpiresAt: review.leaseExpiresAt,
      draft: review.draft,
      unmet: await this.unmetRules(this.dataSource.manager, review, review.draft, content),
      limits: this.limits(content),
    };
  }

  /**
   * For an erasure, in its transaction (after the invitations are erased): the comments of drafts and delivered
   * feedback keep the reviewer's words but no longer quote the candidate's answers. Feedback text and scores stay.
   */
  eraseQuotes(m: EntityManager, invitationIds: readonly string[]): Promise<void> {
    if (invitationIds.length === 0) return Promise.resolve();
    return this.repo.eraseQuotes(m, invitationIds);
  }

  recordReviewEvent(
    m: EntityManager,
    review: Review,
    type: string,
    actor: Actor,
    now: Date,
    data: Record<string, string | number | boolean | null> = {},
  ): Promise<void> {
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

  /** The submission as its owners store it: the invitation, its version and the answers (in `m` when given). */
  private async submissionContent(invitation: Invitation, m?: EntityManager): Promise<SubmissionContent> {
    const [version, answers] = await Promise.all([
      this.assessments.findVersion(invitation.assessmentVersionId, m),
      this.attempts.answersOf(invitation.id, m),
    ]);
    return toSubmissionContent(invitation, version, answers);
  }

  private async submissionContentOf(invitationId: string): Promise<SubmissionContent> {
    const invitation = await this.invitations.findById(invitationId);
    if (!invitation) throw new InvitationNotFoundError();
    return this.submissionContent(invitation);
  }
}

/** The comments as delivered: each quote anchored in the answer it names (the rules have checked it is there). */
function anchoredComments(input: FeedbackInput, answers: SubmissionContent['answers']): AnchoredComment[] {
  return (input.comments ?? []).map((c) => {
    const quote = anchorQuote(answers[c.questionKey]?.value ?? '', c.quote);
    if (!quote) throw new Error(`comment on ${c.questionKey} passed the rules without an anchor`);
    return { questionKey: c.questionKey, quote, text: c.text };
  });
}
