import { DAY_MS, HOUR_MS } from './durations.js';

/** "Never" as a moment: the largest Date there is (work that no working time, or no pace, ever finishes). */
export const NEVER = new Date(8.64e15);

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/**
 * When the team works, in UTC: the days of the week and the hours [fromHour, toHour) of each. Reviews happen
 * then, so a forecast of when the queue will be cleared counts only this time, and a deadline that falls at a
 * weekend has to be met by the last working hour before it.
 */
export interface WorkingWeek {
  /** 0 = Sunday … 6 = Saturday. */
  days: ReadonlySet<number>;
  fromHour: number;
  toHour: number;
}

/** `mon,tue,wed,thu,fri` and `09-18` (the settings' format) as a WorkingWeek. */
export function parseWorkingWeek(days: string, hours: string): WorkingWeek {
  const [fromHour, toHour] = hours.split('-').map(Number);
  return {
    days: new Set(days.split(',').map((d) => WEEKDAY_NAMES.indexOf(d.trim().toLowerCase() as WeekdayName))),
    fromHour,
    toHour,
  };
}

/** Working hours in one working day. */
export function workingHoursPerDay(week: WorkingWeek): number {
  return week.toHour - week.fromHour;
}

const dayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** The working interval of the day containing `ms`, or null on a day off. */
function workingSpan(week: WorkingWeek, ms: number): { from: number; to: number } | null {
  const start = dayStart(ms);
  if (!week.days.has(new Date(start).getUTCDay())) return null;
  return { from: start + week.fromHour * HOUR_MS, to: start + week.toHour * HOUR_MS };
}

/**
 * The moment `workMs` of working time after `from`: time off (nights, days off) does not count. With no
 * working day at all in the week the answer is never (Infinity as a timestamp).
 */
export function addWorkingTime(week: WorkingWeek, from: Date, workMs: number): Date {
  if (week.days.size === 0 || week.toHour <= week.fromHour) return NEVER;
  let at = from.getTime();
  let left = workMs;
  for (;;) {
    const span = workingSpan(week, at);
    if (span && at < span.to) {
      const start = Math.max(at, span.from);
      if (start + left <= span.to) return new Date(start + left);
      left -= span.to - start;
    }
    at = dayStart(at) + DAY_MS;
  }
}

/** Working time between two moments (0 when `to` is not after `from`). */
export function workingTimeBetween(week: WorkingWeek, from: Date, to: Date): number {
  let total = 0;
  for (let at = from.getTime(); at < to.getTime(); at = dayStart(at) + DAY_MS) {
    const span = workingSpan(week, at);
    if (!span) continue;
    const start = Math.max(at, span.from);
    const end = Math.min(to.getTime(), span.to);
    if (end > start) total += end - start;
  }
  return total;
}
