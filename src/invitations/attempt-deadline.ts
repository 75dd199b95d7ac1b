import { type JobName, type JobPayloads } from '../jobs/job-names.js';
import { MINUTE_MS } from '../common/clock/durations.js';

/**
 * The attempt's clock, in one place: when an attempt ends, until when a save counts, when the server submits
 * it, and the delayed job that does so. Pure: the entity, the attempts and invitations services and the sweep
 * all ask here (grace is ATTEMPT_GRACE_SECONDS, passed in).
 */

/** startedAt plus every minute the candidate has: the limit, accommodation and extensions. */
export function attemptDeadline(startedAt: Date, totalMinutes: number): Date {
  return new Date(startedAt.getTime() + totalMinutes * MINUTE_MS);
}

/** The last moment a save, or the candidate's own submit, is accepted. */
export function saveCutoff(deadline: Date, graceSeconds: number): Date {
  return new Date(deadline.getTime() + graceSeconds * 1000);
}

/** Saves and the candidate's submit are refused: the attempt is over. */
export function isPastCutoff(deadline: Date, graceSeconds: number, now: Date): boolean {
  return now > saveCutoff(deadline, graceSeconds);
}

/** The server may submit the attempt for the candidate (from the cutoff on, never before). */
export function isAutoSubmitDue(deadline: Date, graceSeconds: number, now: Date): boolean {
  return now >= saveCutoff(deadline, graceSeconds);
}

/** isPastCutoff in SQL, invitations aliased `i`, with the SQL expressions for grace (seconds) and now. */
export const pastCutoffSql = (grace: string, now: string): string =>
  `i.deadline + make_interval(secs => ${grace}) < ${now}`;

/** isPastCutoff in SQL, for the sweep's query builder: parameters :grace (seconds) and :now. */
export const PAST_CUTOFF_SQL = pastCutoffSql(':grace', ':now');

export const AUTO_SUBMIT_JOB = 'attempt.auto-submit' as const satisfies JobName;

export interface AutoSubmitJob {
  name: typeof AUTO_SUBMIT_JOB;
  payload: JobPayloads[typeof AUTO_SUBMIT_JOB];
  /** Deterministic per deadline: an extension gets a job of its own, and the old one finds the deadline moved. */
  jobId: string;
  runAt: Date;
}

export const autoSubmitJobId = (invitationId: string, deadline: Date): string =>
  ['auto-submit', invitationId, deadline.getTime()].join('.');

/** The delayed job that submits the attempt at its cutoff. */
export function autoSubmitJob(invitationId: string, deadline: Date, graceSeconds: number): AutoSubmitJob {
  return {
    name: AUTO_SUBMIT_JOB,
    payload: { invitationId, deadlineMs: deadline.getTime() },
    jobId: autoSubmitJobId(invitationId, deadline),
    runAt: saveCutoff(deadline, graceSeconds),
  };
}
