import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { JobsService } from '../jobs/jobs.service.js';
import { type HealthReport } from './health-report.view.js';

@Injectable()
export class HealthService {
  constructor(
    private readonly db: TypeOrmHealthIndicator,
    private readonly jobs: JobsService,
  ) {}

  async check(): Promise<HealthReport> {
    const [db, queue] = await Promise.all([
      this.db.pingCheck('db', { timeout: 1500 }).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.jobs.ping().then((ok) => (ok ? ('up' as const) : ('down' as const))),
    ]);
    return { status: db === 'up' && queue === 'up' ? 'ok' : 'error', db, queue, queueBackend: this.jobs.backendKind };
  }
}
