import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { JobsService } from '../jobs/jobs.service.js';
import { MetricsRepository } from './metrics.repository.js';

/** Keeps the metrics rollup cheap to read: a scheduled vacuum of submission_facts. */
@Injectable()
export class MetricsProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly repository: MetricsRepository,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('metrics.rollup-vacuum', async () => void (await this.repository.vacuumRollupIfChanged()));
    this.jobs.schedule('metrics.rollup-vacuum', this.config.metrics.rollupVacuumIntervalMs);
  }
}
