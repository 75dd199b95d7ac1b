import { type FeedbackNoticeKind } from './feedback-notice.entity.js';
import { HOUR_MS } from '../common/clock/durations.js';

/** The delay notice promises the feedback this long after it is sent. */
export const LATE_PROMISE_HOURS = 48;

/**
 * When each notice of a feedback window is due: a fraction of the window (submittedAt → feedbackDueAt)
 * plus a fixed delay. The sweep's SQL and the job handlers both use this table, so they agree.
 */
export const NOTICE_SCHEDULE: Record<FeedbackNoticeKind, { fraction: number; afterHours: number }> = {
  reminder_50: { fraction: 0.5, afterHours: 0 },
  reminder_90: { fraction: 0.9, afterHours: 0 },
  breach: { fraction: 1, afterHours: 0 },
  late_notice: { fraction: 1, afterHours: 24 },
  // The delay notice's promised date has passed too: escalate again (the handler checks the stored promise).
  promise_missed: { fraction: 1, afterHours: 24 + LATE_PROMISE_HOURS },
};

/** In the order they fall due. */
export const NOTICE_ORDER: readonly FeedbackNoticeKind[] = [
  'reminder_50',
  'reminder_90',
  'breach',
  'late_notice',
  'promise_missed',
];

/**
 * The notices a submission gets: all of them, or with FEEDBACK_REMINDERS=off (the naive baseline: a queue and
 * nothing else) only the breach, recorded for the metrics, without revoking a claim or telling anyone.
 */
export function noticesFor(reminders: boolean): readonly FeedbackNoticeKind[] {
  return reminders ? NOTICE_ORDER : ['breach'];
}

export function noticeDueAt(kind: FeedbackNoticeKind, submittedAt: Date, feedbackDueAt: Date): Date {
  const { fraction, afterHours } = NOTICE_SCHEDULE[kind];
  const window = feedbackDueAt.getTime() - submittedAt.getTime();
  return new Date(submittedAt.getTime() + Math.round(window * fraction) + afterHours * HOUR_MS);
}

/** A reminder whose next reminder is already due says nothing new: it is recorded but not sent. */
export function isSuperseded(kind: FeedbackNoticeKind, submittedAt: Date, feedbackDueAt: Date, now: Date): boolean {
  const next = kind === 'reminder_50' ? 'reminder_90' : kind === 'reminder_90' ? 'breach' : null;
  return next !== null && now >= noticeDueAt(next, submittedAt, feedbackDueAt);
}

export function latePromise(now: Date): Date {
  return new Date(now.getTime() + LATE_PROMISE_HOURS * HOUR_MS);
}
