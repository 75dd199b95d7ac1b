import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { JobsService } from '../jobs/jobs.service.js';
import { CapacityForecastService } from './capacity-forecast.service.js';
import { FeedbackDeadlinesService } from './feedback-deadlines.service.js';

/** Wires the review jobs and sweeps to the queue; the work is in FeedbackDeadlinesService and CapacityForecastService. */
@Injectable()
export class ReviewsProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly deadlines: FeedbackDeadlinesService,
    private readonly forecast: CapacityForecastService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('feedback.notice', ({ invitationId, kind }) =>
      this.deadlines.processNotice(invitationId, kind, this.clock.now()),
    );
    this.jobs.handle('review.lease-expiry', ({ reviewId }) => this.deadlines.expireLease(reviewId, this.clock.now()));
    this.jobs.registerSweep('feedback-deadlines', (now) => this.deadlines.sweep(now));
    this.jobs.registerSweep('capacity-forecast', (now) => this.forecast.sweep(now));
  }
}
