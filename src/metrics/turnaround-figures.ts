/** Pure rules behind the turnaround report: rounding, rates and the test-length health check. */

/** API durations are whole hours or minutes (API.md); null stays null ("no data"). */
export const wholeNumber = (value: number | null): number | null => (value === null ? null : Math.round(value));

/** A share in [0, 1] with four decimals; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** Averages of 1-5 ratings, two decimals. */
export const average = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

export const TOO_LONG_AUTO_SUBMIT_RATE = 0.3;
export const TOO_LONG_TIME_USED_SHARE = 0.9;

/** Why a test counts as too long (see tooLongReasons). */
export const TOO_LONG_REASONS = ['auto_submitted_rate', 'median_time_used'] as const;
export type TooLongReason = (typeof TOO_LONG_REASONS)[number];

/**
 * A test is "too long" when more than 30 % of its attempts ran out of time (auto-submitted at the deadline),
 * or when the median attempt used more than 90 % of the time limit. Both read the unrounded figures.
 */
export function tooLongReasons(
  autoSubmittedRate: number | null,
  medianMinutesUsed: number | null,
  timeLimitMinutes: number,
): TooLongReason[] {
  const reasons: TooLongReason[] = [];
  if (autoSubmittedRate !== null && autoSubmittedRate > TOO_LONG_AUTO_SUBMIT_RATE) reasons.push('auto_submitted_rate');
  if (medianMinutesUsed !== null && medianMinutesUsed > TOO_LONG_TIME_USED_SHARE * timeLimitMinutes)
    reasons.push('median_time_used');
  return reasons;
}
