/**
 * Every job Candor runs, with its payload. Payloads carry ids only: handlers load current state and
 * re-check it, because BullMQ delivers at least once and a delayed job may run late or twice.
 */
export interface JobPayloads {
  /** Deliver one outbox message (retried with backoff). */
  'outbox.deliver': { messageId: string };
  /** Make one outbound call (webhook, ATS callback) if it is pending, due and first in its order. */
  'delivery.send': { deliveryId: string };
  /** The periodic safety net: every registered sweep runs. */
  'sweep.run': Record<string, never>;
  /** A feedback-window moment of a submission: remind at 50 % / 90 %, breach at the deadline, tell the candidate 24 h later. */
  'feedback.notice': {
    invitationId: string;
    kind: 'reminder_50' | 'reminder_90' | 'breach' | 'late_notice' | 'promise_missed';
  };
  /** Return a claim to the queue if its lease has run out (skipped when a draft save renewed it). */
  'review.lease-expiry': { reviewId: string };
  /** Submit a started attempt once its deadline + grace has passed; skipped if an extension moved the deadline. */
  'attempt.auto-submit': { invitationId: string; deadlineMs: number };
  /** Vacuum the metrics rollup if it changed, so the report keeps reading it index-only. */
  'metrics.rollup-vacuum': Record<string, never>;
  /** Erase the candidates' data of invitations past RETENTION_DAYS (daily; see src/privacy/retention.ts). */
  'privacy.retention': Record<string, never>;
}

export type JobName = keyof JobPayloads;

/** Every job of JobPayloads, kept at run time (types are not): the worker starts only if each has a handler. */
export const JOB_NAMES = [
  'outbox.deliver',
  'delivery.send',
  'sweep.run',
  'feedback.notice',
  'review.lease-expiry',
  'attempt.auto-submit',
  'metrics.rollup-vacuum',
  'privacy.retention',
] as const satisfies readonly JobName[];

type UnlistedJobName = Exclude<JobName, (typeof JOB_NAMES)[number]>;
// Compile-time only: a job added to JobPayloads but not to JOB_NAMES fails here, with its name in the error.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- read by the compiler only
const everyJobListed: [UnlistedJobName] extends [never] ? true : UnlistedJobName = true;

/** Jobs that carry nothing: the only ones a scheduler may run (its payload is always `{}`). */
export type PayloadlessJobName = { [N in JobName]: JobPayloads[N] extends Record<string, never> ? N : never }[JobName];

export const QUEUE_NAME = 'candor';

/** BullMQ refuses ':' in custom ids; ids are built here so every producer agrees on them. */
export const jobId = (...parts: (string | number)[]): string => parts.join('.');
