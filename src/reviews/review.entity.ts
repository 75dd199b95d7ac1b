import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type FeedbackInput } from './feedback-rules.js';
import { ReviewStateError } from './review.errors.js';
import { MINUTE_MS } from '../common/clock/durations.js';
import { type Transition } from '../common/database/transition.js';

export const REVIEW_STATUSES = ['active', 'completed', 'released', 'expired', 'revoked'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * One reviewer's claim on one submission. Only `active` ever changes; the methods below are the only code
 * that decides a review's `status`. The database allows one active and one completed review per submission.
 */
@Entity({ name: 'reviews' })
export class Review {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') invitationId: string;
  @Column('uuid') reviewerId: string;
  @Column('text') status: ReviewStatus;
  @Column('timestamptz') claimedAt: Date;
  @Column('timestamptz') leaseExpiresAt: Date;
  @Column('timestamptz', { nullable: true }) endedAt: Date | null;
  /** Work in progress, as the draft DTO validated it (types only; the feedback rules judge it on complete). */
  @Column('jsonb') draft: FeedbackInput<number, string>;

  static leaseUntil(now: Date, leaseMinutes: number): Date {
    return new Date(now.getTime() + leaseMinutes * MINUTE_MS);
  }

  /** Each draft save renews the lease: the reviewer is still at work. Not an event (autosave runs while typing). */
  saveDraft(draft: FeedbackInput<number, string>, now: Date, leaseMinutes: number): Omit<Transition<Review>, 'event'> {
    this.requireActive('save a draft of');
    return { from: ['active'], changes: { draft, leaseExpiresAt: Review.leaseUntil(now, leaseMinutes) } };
  }

  complete(now: Date): Transition<Review> {
    this.requireActive('complete');
    return { from: ['active'], changes: { status: 'completed', endedAt: now }, event: 'review.completed' };
  }

  release(now: Date): Transition<Review> {
    this.requireActive('release');
    return { from: ['active'], changes: { status: 'released', endedAt: now }, event: 'review.released' };
  }

  /** The lease ran out without a draft save. */
  expireLease(now: Date): Transition<Review> {
    this.requireActive('expire');
    if (now < this.leaseExpiresAt) throw new ReviewStateError(this.status, 'expire a lease that is still running on');
    return { from: ['active'], changes: { status: 'expired', endedAt: now }, event: 'review.lease_expired' };
  }

  /** The feedback deadline passed: the claim is taken away and the submission goes back to the head of the queue. */
  revoke(now: Date): Transition<Review> {
    this.requireActive('revoke');
    return { from: ['active'], changes: { status: 'revoked', endedAt: now }, event: 'review.revoked' };
  }

  private requireActive(action: string): void {
    if (this.status !== 'active') throw new ReviewStateError(this.status, action);
  }
}
