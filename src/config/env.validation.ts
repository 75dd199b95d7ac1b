import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const SERVICE_ROLES = ['all', 'api', 'worker'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `urgency`: earliest feedback due first (Candor); `fifo`: earliest submitted first (the naive baseline). */
export const REVIEW_QUEUE_ORDERS = ['urgency', 'fifo'] as const;
export type ReviewQueueOrder = (typeof REVIEW_QUEUE_ORDERS)[number];

/** `on`: reminders, breach revocation and escalation, the candidate's delay notice; `off`: none of them. */
export const FEEDBACK_REMINDER_MODES = ['on', 'off'] as const;
export type FeedbackReminderMode = (typeof FEEDBACK_REMINDER_MODES)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^(true|false|1|0)$/i.test(value.trim()) ? /^(true|1)$/i.test(value.trim()) : value;

/** Every setting the service reads from its environment, with defaults that make a bare start work. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test']) NODE_ENV: 'development' | 'production' | 'test' = 'development';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';
  @IsIn(SERVICE_ROLES) ROLE: ServiceRole = 'all';
  @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'info';
  /** Logs go to this file (appended) instead of standard output. */
  @Transform(emptyToUndefined) @IsOptional() @IsString() LOG_FILE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;
  @IsString() @Matches(/^[a-z0-9_-]+$/i, { message: 'QUEUE_PREFIX may hold letters, digits, - and _' }) QUEUE_PREFIX =
    'candor';
  @IsString() DATA_DIR = '.data';
  @Transform(toInt) @IsInt() @Min(1024) @Max(65535) EMBEDDED_PG_PORT = 54329;
  /** Connections per process; with several processes, their sum must stay under the server's max_connections. */
  @Transform(toInt) @IsInt() @Min(1) @Max(500) DATABASE_POOL_SIZE = 20;
  /** How long a request waits for a pooled connection before it is answered 503 with Retry-After. */
  @Transform(toInt) @IsInt() @Min(10) @Max(60000) DATABASE_POOL_WAIT_MS = 5000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;
  @Transform(toInt) @IsInt() @Min(5) @Max(10080) JWT_TTL_MINUTES = 720;
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  @MaxLength(200)
  ADMIN_PASSWORD?: string;
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) LOGIN_RATE_LIMIT_PER_MINUTE = 10;
  /** Proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR ranges; empty: none. */
  @IsString()
  @Matches(/^[\s\d.:a-f/,]*$/i, { message: 'TRUST_PROXY must list IP addresses or CIDR ranges, separated by commas' })
  TRUST_PROXY = '';
  @Transform(toInt) @IsInt() @Min(1) @Max(600) HTTP_REQUEST_TIMEOUT_SECONDS = 30;
  @Transform(toInt) @IsInt() @Min(1) @Max(600) HTTP_CONNECTION_TIMEOUT_SECONDS = 10;
  /** Outbound calls (ATS callbacks, webhooks) may go to private, loopback and link-local addresses. */
  @Transform(toBoolean) @IsBoolean({ message: 'OUTBOUND_ALLOW_PRIVATE must be true or false' }) OUTBOUND_ALLOW_PRIVATE =
    false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  @Transform(toInt) @IsInt() @Min(0) @Max(3600) ATTEMPT_GRACE_SECONDS = 30;
  @Transform(toInt) @IsInt() @Min(1) @Max(5000) FEEDBACK_MIN_CHARS = 80;
  @Transform(toInt) @IsInt() @Min(1) @Max(10080) REVIEW_LEASE_MINUTES = 120;
  @Transform(toInt) @IsInt() @Min(1) @Max(100) REVIEW_MAX_ACTIVE = 3;
  /** Which unclaimed submission a claim takes; `fifo` exists as the baseline the simulation compares with. */
  @IsIn(REVIEW_QUEUE_ORDERS) REVIEW_QUEUE_ORDER: ReviewQueueOrder = 'urgency';
  /** `off` turns the feedback deadline's teeth off (the baseline): see AppConfig.reviews.reminders. */
  @IsIn(FEEDBACK_REMINDER_MODES) FEEDBACK_REMINDERS: FeedbackReminderMode = 'on';
  /** The team's working week (UTC): reviews happen then, so the capacity forecast counts only this time. */
  @Matches(/^(sun|mon|tue|wed|thu|fri|sat)(,(sun|mon|tue|wed|thu|fri|sat))*$/, {
    message: 'TEAM_WORKING_DAYS must be days such as mon,tue,wed,thu,fri',
  })
  TEAM_WORKING_DAYS = 'mon,tue,wed,thu,fri';
  @Matches(/^([01]\d|2[0-3])-([01]\d|2[0-4])$/, { message: 'TEAM_WORKING_HOURS must be hours such as 09-18 (UTC)' })
  TEAM_WORKING_HOURS = '09-18';
  /** How often the capacity forecast looks for submissions that will miss their feedback date, and warns; 0: never. */
  @Transform(toInt) @IsInt() @Min(0) @Max(1440) CAPACITY_FORECAST_MINUTES = 60;
  /** The days of completed reviews that make a reviewer's pace. */
  @Transform(toInt) @IsInt() @Min(1) @Max(90) CAPACITY_PACE_DAYS = 14;
  @Transform(toInt) @IsInt() @Min(1) @Max(3600) SWEEP_INTERVAL_SECONDS = 15;
  @Transform(toInt) @IsInt() @Min(1) @Max(1440) METRICS_VACUUM_MINUTES = 10;
  /** Days a candidate's personal data is kept after their feedback was sent, or their invitation ended. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3650) RETENTION_DAYS = 365;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;
  @IsEmail({ require_tld: false }, { message: 'MAIL_FROM must be an email address' }) MAIL_FROM = 'candor@localhost';
  /** Where candidates' replies go; unset, a candidate's mail names the recruiter who invited them. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'MAIL_REPLY_TO must be an email address' })
  MAIL_REPLY_TO?: string;
  /** The hiring company's name, as candidates' emails give it; unset, they leave it out. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'COMPANY_NAME must be at most 100 characters' })
  COMPANY_NAME?: string;
}

const OPTIONAL_KEYS = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'PUBLIC_BASE_URL',
  'SMTP_URL',
  'LOG_FILE',
  'MAIL_REPLY_TO',
  'COMPANY_NAME',
] as const;
export const ENV_KEYS = [
  ...(Object.keys(new EnvironmentVariables()) as (keyof EnvironmentVariables)[]),
  ...OPTIONAL_KEYS,
];

/** Validates the raw environment; the thrown message is one line per bad setting, naming it. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const picked: Record<string, unknown> = {};
  for (const key of ENV_KEYS) {
    if (raw[key] !== undefined) picked[key] = raw[key];
  }
  const env = plainToInstance(EnvironmentVariables, picked);
  const errors = validateSync(env, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => Object.values(e.constraints ?? {})[0] ?? `${e.property} is invalid`);
    throw new ConfigurationError(lines.join('; '));
  }
  return env;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
