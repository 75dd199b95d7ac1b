import { ApiProperty } from '@nestjs/swagger';

/** Whether Candor can serve: its database and its queue backend, each up or down. */
export class HealthReport {
  /** `ok` when both answer (HTTP 200), `error` when either is down (HTTP 503). */
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';
  /** PostgreSQL. */
  @ApiProperty({ enum: ['up', 'down'] })
  db!: 'up' | 'down';
  /** The job queue's backend (see `queueBackend`). */
  @ApiProperty({ enum: ['up', 'down'] })
  queue!: 'up' | 'down';
  /** `redis` when REDIS_URL is set, otherwise `postgres`. */
  @ApiProperty({ enum: ['redis', 'postgres'] })
  queueBackend!: 'redis' | 'postgres';
}
