import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AUTO_SUBMIT_JOB } from '../invitations/attempt-deadline.js';
import { JobsService } from '../jobs/jobs.service.js';
import { AttemptsService } from './attempts.service.js';

/** Wires the auto-submit job and its safety-net sweep to the service. */
@Injectable()
export class AttemptsProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly attempts: AttemptsService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle(AUTO_SUBMIT_JOB, (payload) => this.attempts.autoSubmit(payload));
    this.jobs.registerSweep('attempts.auto-submit', async (now) => {
      await this.attempts.submitOverdue(now);
    });
  }
}
