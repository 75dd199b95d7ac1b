import { resolve } from 'node:path';
import { type EnvironmentVariables, type LogLevel, type ReviewQueueOrder, type ServiceRole } from './env.validation.js';
import { loadLocalSecrets } from './local-secrets.js';
import { parseWorkingWeek, type WorkingWeek } from '../common/clock/working-week.js';

export type QueueBackendKind = 'redis' | 'postgres';

/** The typed configuration every other part of the service reads; built once from the validated env. */
export class AppConfig {
  readonly env: EnvironmentVariables['NODE_ENV'];
  readonly http: { port: number; host: string; publicBaseUrl: string };
  readonly role: ServiceRole;
  readonly logLevel: LogLevel;
  /** Where logs go instead of standard output, when set. */
  readonly logFile: string | undefined;
  readonly dataDir: string;
  readonly database: { url: string | undefined; embeddedPort: number; pool: { size: number; waitMs: number } };
  readonly queue: { backend: QueueBackendKind; redisUrl: string | undefined; prefix: string; sweepIntervalMs: number };
  readonly metrics: { rollupVacuumIntervalMs: number };
  /** RETENTION_DAYS: how long a candidate's data is kept once their feedback was sent or the invitation ended. */
  readonly privacy: { retentionDays: number };
  readonly auth: {
    jwtSecret: string;
    jwtTtlMinutes: number;
    adminEmail: string | undefined;
    adminPassword: string | undefined;
    loginRateLimitPerMinute: number;
  };
  readonly attempts: { graceSeconds: number };
  readonly reviews: {
    feedbackMinChars: number;
    leaseMinutes: number;
    maxActive: number;
    /** `urgency`: a claim takes the earliest feedbackDueAt; `fifo`: the earliest submittedAt. */
    queueOrder: ReviewQueueOrder;
    /**
     * The feedback deadline's teeth: reminders at 50 % and 90 % of the window, at the deadline the claim revoked
     * and admins and the recruiter told, the candidate's delay notice a day later. false: none of them (the
     * baseline: a queue and nothing else); the breach is still recorded, for the metrics.
     */
    reminders: boolean;
    /** When the team works: the capacity forecast counts only this time. */
    workingWeek: WorkingWeek;
    forecastEveryMs: number;
    paceDays: number;
  };
  readonly mail: { smtpUrl: string | undefined; from: string; replyTo: string | undefined; outboxDir: string };
  /** The hiring company's name for candidates (COMPANY_NAME); undefined: not named. */
  readonly companyName: string | undefined;
  /** Where outbound calls may go: public addresses only unless OUTBOUND_ALLOW_PRIVATE. */
  readonly outbound: { allowPrivate: boolean };

  constructor(env: EnvironmentVariables) {
    this.env = env.NODE_ENV;
    this.role = env.ROLE;
    this.logLevel = env.LOG_LEVEL;
    this.logFile = env.LOG_FILE === undefined ? undefined : resolve(env.LOG_FILE);
    this.dataDir = resolve(env.DATA_DIR);
    this.http = {
      port: env.PORT,
      host: env.HOST,
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    };
    this.database = {
      url: env.DATABASE_URL,
      embeddedPort: env.EMBEDDED_PG_PORT,
      pool: { size: env.DATABASE_POOL_SIZE, waitMs: env.DATABASE_POOL_WAIT_MS },
    };
    this.queue = {
      backend: env.REDIS_URL ? 'redis' : 'postgres',
      redisUrl: env.REDIS_URL,
      prefix: env.QUEUE_PREFIX,
      sweepIntervalMs: env.SWEEP_INTERVAL_SECONDS * 1000,
    };
    this.metrics = { rollupVacuumIntervalMs: env.METRICS_VACUUM_MINUTES * 60_000 };
    this.privacy = { retentionDays: env.RETENTION_DAYS };
    this.auth = {
      jwtSecret: env.JWT_SECRET ?? loadLocalSecrets(this.dataDir).jwtSecret,
      jwtTtlMinutes: env.JWT_TTL_MINUTES,
      adminEmail: env.ADMIN_EMAIL,
      adminPassword: env.ADMIN_PASSWORD,
      loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    };
    this.attempts = { graceSeconds: env.ATTEMPT_GRACE_SECONDS };
    this.reviews = {
      feedbackMinChars: env.FEEDBACK_MIN_CHARS,
      leaseMinutes: env.REVIEW_LEASE_MINUTES,
      maxActive: env.REVIEW_MAX_ACTIVE,
      queueOrder: env.REVIEW_QUEUE_ORDER,
      reminders: env.FEEDBACK_REMINDERS === 'on',
      workingWeek: parseWorkingWeek(env.TEAM_WORKING_DAYS, env.TEAM_WORKING_HOURS),
      forecastEveryMs: env.CAPACITY_FORECAST_MINUTES * 60_000,
      paceDays: env.CAPACITY_PACE_DAYS,
    };
    if (this.reviews.workingWeek.fromHour >= this.reviews.workingWeek.toHour)
      throw new Error('TEAM_WORKING_HOURS must end after it starts, such as 09-18');
    this.mail = {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      replyTo: env.MAIL_REPLY_TO,
      outboxDir: resolve(this.dataDir, 'mail'),
    };
    this.companyName = env.COMPANY_NAME?.trim() || undefined;
    this.outbound = { allowPrivate: env.OUTBOUND_ALLOW_PRIVATE };
  }

  get runsApi(): boolean {
    return this.role !== 'worker';
  }

  get runsWorker(): boolean {
    return this.role !== 'api';
  }
}
