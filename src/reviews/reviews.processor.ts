import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { JobsService } from '../jobs/jobs.service.js';
import { FeedbackDeadlinesService } from './feedback-deadlines.service.js';

/** Wires the review jobs and the deadline sweep to the queue; the work is in FeedbackDeadlinesService. */
@Injectable()
export class ReviewsProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly deadlines: FeedbackDeadlinesService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('feedback.notice', ({ invitationId, kind }) =>
      this.deadlines.processNotice(invitationId, kind, this.clock.now()),
    );
    this.jobs.handle('review.lease-expiry', ({ reviewId }) => this.deadlines.expireLease(reviewId, this.clock.now()));
    this.jobs.registerSweep('feedback-deadlines', (now) => this.deadlines.sweep(now));
  }
}
