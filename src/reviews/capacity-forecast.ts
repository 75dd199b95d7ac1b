import { HOUR_MS } from '../common/clock/durations.js';
import {
  addWorkingTime,
  NEVER,
  type WorkingWeek,
  workingHoursPerDay,
  workingTimeBetween,
} from '../common/clock/working-week.js';
import { type ReviewQueueOrder } from '../config/env.validation.js';

/**
 * The capacity forecast: will the team, at its recent pace, send every pending feedback by its date? Pure, so
 * the page, the API and the warning mail all read the same answer.
 *
 * The model: the team is one server whose speed is the sum of each active reviewer's recent pace (reviews
 * completed per working day over the last days), working only in the team's working week. It takes the queue in
 * the service's own order (the most urgent available first), including the submissions still being written,
 * which join the queue at their attempt's deadline. A submission whose expected feedback comes after its
 * feedbackDueAt is at risk. Coarse on purpose: it is meant to say "Thursday's queue will not fit" on Monday,
 * not to schedule anyone.
 */

export interface ForecastItem {
  /** The invitation. */
  id: string;
  /** When it can be reviewed: submitted already (≤ now) or the attempt's deadline. */
  availableAt: Date;
  /** When it was or will be submitted, for the fifo order. */
  submittedAt: Date;
  dueAt: Date;
}

export interface ForecastEntry {
  id: string;
  dueAt: Date;
  /** When the team, at its pace, would send this feedback. */
  expectedAt: Date;
  atRisk: boolean;
}

export interface PaceInput {
  /** Reviews each active reviewer completed in the pace window. */
  completedByReviewer: ReadonlyMap<string, number>;
  /** Working days in the pace window (the window is shorter while the service is new). */
  windowWorkingDays: number;
}

/** The team's reviews per working day: active reviewers only, so a leaver's past pace no longer counts. */
export function teamPace({ completedByReviewer, windowWorkingDays }: PaceInput): number {
  if (windowWorkingDays <= 0) return 0;
  let total = 0;
  for (const n of completedByReviewer.values()) total += n;
  return total / windowWorkingDays;
}

/** Working days (fractional) between two moments. */
export function workingDaysBetween(week: WorkingWeek, from: Date, to: Date): number {
  const perDay = workingHoursPerDay(week) * HOUR_MS;
  return perDay > 0 ? workingTimeBetween(week, from, to) / perDay : 0;
}

/** Which comes first in the queue: the service's own order (REVIEW_QUEUE_ORDER). */
function queueKey(order: ReviewQueueOrder): (item: ForecastItem) => number {
  return order === 'fifo' ? (i) => i.submittedAt.getTime() : (i) => i.dueAt.getTime();
}

/**
 * Expected feedback time of every item, in queue order. With a pace of zero nothing is ever expected: every
 * item is at risk.
 */
export function forecastQueue(
  now: Date,
  week: WorkingWeek,
  items: readonly ForecastItem[],
  reviewsPerWorkingDay: number,
  order: ReviewQueueOrder,
): ForecastEntry[] {
  const key = queueKey(order);
  const arrivals = [...items].sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime() || key(a) - key(b));
  const perReviewMs = reviewsPerWorkingDay > 0 ? (workingHoursPerDay(week) * HOUR_MS) / reviewsPerWorkingDay : 0;
  const out: ForecastEntry[] = [];
  const waiting: ForecastItem[] = [];
  let t = now;
  let next = 0;
  while (out.length < arrivals.length) {
    while (next < arrivals.length && arrivals[next].availableAt <= t) insertByKey(waiting, arrivals[next++], key);
    if (waiting.length === 0) {
      t = arrivals[next].availableAt;
      continue;
    }
    const item = waiting.shift()!;
    t = perReviewMs > 0 ? addWorkingTime(week, t, perReviewMs) : NEVER;
    out.push({ id: item.id, dueAt: item.dueAt, expectedAt: t, atRisk: t > item.dueAt });
  }
  return out;
}

/** Keeps `list` sorted by key (stable: equal keys stay in arrival order). */
function insertByKey(list: ForecastItem[], item: ForecastItem, key: (i: ForecastItem) => number): void {
  const k = key(item);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]) <= k) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
