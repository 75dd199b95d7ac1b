import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { UnauthenticatedError } from '../auth/auth.errors.js';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { guardedUpdate } from '../common/database/guarded-update.js';
import { type Transition } from '../common/database/transition.js';
import { AppConfig } from '../config/app-config.js';
import { type Actor, staffActor } from '../events/events.service.js';
import { type Invitation } from '../invitations/invitation.entity.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { UsersService } from '../users/users.service.js';
import { ReviewJobsScheduler } from './review-jobs.scheduler.js';
import { Review } from './review.entity.js';
import { ReviewLimitError, ReviewNotFoundError } from './review.errors.js';
import { ReviewsRepository } from './reviews.repository.js';
import { type ReleasedReview, type ReviewView } from './review.view.js';
import { ReviewsService } from './reviews.service.js';

export type ClaimEndReason = 'released' | 'lease_expired' | 'revoked';

/**
 * Where a claim happens and ends: the most urgent submission claimed by one reviewer at a time (the queue head,
 * locked with SKIP LOCKED by InvitationsService), released by its reviewer, returned when the lease runs out, the
 * deadline revokes it or the reviewer leaves. Same lock order as ReviewsService: user, invitation, review.
 */
@Injectable()
export class ReviewClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ReviewsRepository,
    private readonly reviews: ReviewsService,
    private readonly invitations: InvitationsService,
    private readonly users: UsersService,
    private readonly scheduler: ReviewJobsScheduler,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The most urgent unclaimed submission for this reviewer, or null when the queue is empty. */
  async claim(actor: StaffActor): Promise<ReviewView | null> {
    const now = this.clock.now();
    const review = await this.dataSource.transaction(async (m) => {
      // Under the reviewer's lock a deactivation (which takes it too) cannot slip between the guard and the claim.
      const active = await this.users.lockActive(m, actor.id);
      if (!active) throw new UnauthenticatedError('Your account has been deactivated.');
      if ((await this.repo.countActive(m, actor.id)) >= this.config.reviews.maxActive)
        throw new ReviewLimitError(this.config.reviews.maxActive);
      const head = await this.invitations.lockQueueHead(m);
      if (!head) return null;
      const t = head.claim(now);
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
      // The row is locked by this transaction, so the guard cannot lose; apply checks it all the same.
      await this.invitations.apply(m, head, t, staffActor(actor), now, { reviewId: claimed.id });
      await this.reviews.recordReviewEvent(m, claimed, 'review.claimed', staffActor(actor), now, {
        leaseExpiresAt: claimed.leaseExpiresAt.toISOString(),
      });
      return claimed;
    });
    if (!review) return null;
    const view = await this.reviews.toView(review);
    await this.scheduler.scheduleClaim(review, view.submittedAt, view.feedbackDueAt);
    return view;
  }

  async release(actor: StaffActor, id: string): Promise<ReleasedReview> {
    const now = this.clock.now();
    const review = await this.reviews.visibleReview(actor, id);
    await this.dataSource.transaction(async (m) => {
      const invitation = await this.invitations.lock(m, review.invitationId);
      const current = await this.repo.findReview(m, review.id);
      if (!current) throw new ReviewNotFoundError();
      await this.endClaim(m, current, invitation, current.release(now), 'released', staffActor(actor), now);
    });
    return { id, status: 'released' };
  }

  /**
   * Returns every active claim of a reviewer to the queue (deactivated, or no longer a reviewer): each in its own
   * transaction, the invitation row locked before the review is read, as in every change of a claim. Returns how
   * many ended.
   */
  async releaseAllOf(reviewerId: string, actor: Actor): Promise<number> {
    const now = this.clock.now();
    let released = 0;
    for (const review of await this.repo.findActiveByReviewer(reviewerId)) {
      await this.dataSource.transaction(async (m) => {
        const invitation = await this.invitations.lock(m, review.invitationId);
        const current = await this.repo.findReview(m, review.id);
        if (current?.status !== 'active') return;
        if (await this.endClaim(m, current, invitation, current.release(now), 'released', actor, now)) released += 1;
      });
    }
    return released;
  }

  /**
   * Ends an active claim and puts the submission back in the queue (release, lease expiry, revocation at the
   * deadline). The caller holds the invitation's row lock. Returns the invitation as now stored, or null
   * when the claim had already ended.
   */
  async endClaim(
    m: EntityManager,
    review: Review,
    invitation: Invitation,
    rt: Transition<Review>,
    reason: ClaimEndReason,
    actor: Actor,
    now: Date,
  ): Promise<Invitation | null> {
    if (!(await guardedUpdate(m, Review, review.id, rt.from, rt.changes))) return null;
    const it = invitation.returnToQueue(now, reason);
    await this.reviews.recordReviewEvent(m, review, rt.event, actor, now);
    return this.invitations.apply(m, invitation, it, actor, now, { reviewId: review.id });
  }
}
