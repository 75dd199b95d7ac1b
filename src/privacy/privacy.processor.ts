import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DAY_MS } from '../common/clock/durations.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ErasureService } from './erasure.service.js';

/** Wires the daily retention job to the erasure service. */
@Injectable()
export class PrivacyProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly erasures: ErasureService,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('privacy.retention', async () => void (await this.erasures.eraseExpired()));
    this.jobs.schedule('privacy.retention', DAY_MS);
  }
}
