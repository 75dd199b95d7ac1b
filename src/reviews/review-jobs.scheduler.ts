import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { jobId } from '../jobs/job-names.js';
import { JobsService } from '../jobs/jobs.service.js';
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

  /** A job for each of a submission's notices still to come (the sweep handles those already due). */
  async scheduleNotices(invitationId: string, submittedAt: Date, feedbackDueAt: Date): Promise<void> {
    const now = this.clock.now();
    for (const kind of noticesFor(this.config.reviews.reminders)) {
      const runAt = noticeDueAt(kind, submittedAt, feedbackDueAt);
      if (runAt > now)
        await this.jobs.addSafely(
          'feedback.notice',
          { invitationId, kind },
          { jobId: jobId('feedback-notice', invitationId, kind), runAt },
        );
    }
  }

  /** One job per lease end: a renewed lease gets a new id, the old job finds the lease running and stops. */
  async scheduleLeaseExpiry(review: Pick<Review, 'id' | 'leaseExpiresAt'>): Promise<void> {
    await this.jobs.addSafely(
      'review.lease-expiry',
      { reviewId: review.id },
      { jobId: jobId('review-lease', review.id, review.leaseExpiresAt.getTime()), runAt: review.leaseExpiresAt },
    );
  }
}
