import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { jobId } from '../jobs/job-names.js';
import { type EnqueueRequest, JobsService } from '../jobs/jobs.service.js';
import { AppConfig } from '../config/app-config.js';
import { noticeDueAt, noticesFor } from './feedback-schedule.js';
import { type Review } from './review.entity.js';

/** Delayed jobs for the review feature, with deterministic ids so scheduling twice is a no-op. */
@Injectable()
export class ReviewJobsScheduler {
  constructor(
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A claim's jobs in one round trip: its submission's notices still to come and its lease's end. */
  async scheduleClaim(
    review: Pick<Review, 'id' | 'invitationId' | 'leaseExpiresAt'>,
    submittedAt: Date,
    feedbackDueAt: Date,
  ): Promise<void> {
    await this.jobs.addAllSafely([
      ...this.noticeJobs(review.invitationId, submittedAt, feedbackDueAt),
      this.leaseExpiryJob(review),
    ]);
  }

  /** One job per lease end: a renewed lease gets a new id, the old job finds the lease running and stops. */
  async scheduleLeaseExpiry(review: Pick<Review, 'id' | 'leaseExpiresAt'>): Promise<void> {
    await this.jobs.addAllSafely([this.leaseExpiryJob(review)]);
  }

  /** A job for each of a submission's notices still to come (the sweep handles those already due). */
  private noticeJobs(invitationId: string, submittedAt: Date, feedbackDueAt: Date): EnqueueRequest[] {
    const now = this.clock.now();
    return noticesFor(this.config.reviews.reminders)
      .map((kind) => ({ kind, runAt: noticeDueAt(kind, submittedAt, feedbackDueAt) }))
      .filter(({ runAt }) => runAt > now)
      .map(({ kind, runAt }) => ({
        name: 'feedback.notice' as const,
        payload: { invitationId, kind },
        options: { jobId: jobId('feedback-notice', invitationId, kind), runAt },
      }));
  }

  private leaseExpiryJob(review: Pick<Review, 'id' | 'leaseExpiresAt'>): EnqueueRequest {
    return {
      name: 'review.lease-expiry',
      payload: { reviewId: review.id },
      options: {
        jobId: jobId('review-lease', review.id, review.leaseExpiresAt.getTime()),
        runAt: review.leaseExpiresAt,
      },
    };
  }
}
