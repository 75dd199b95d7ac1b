import { HOUR_MS, MINUTE_MS } from '../common/clock/durations.js';
import {
  type WorkingWeek,
  workingHoursPerDay,
  workingTimeBetween,
  WEEKDAY_NAMES,
} from '../common/clock/working-week.js';
import { type AssessmentWarning } from './assessment.view.js';

const WEEK_MS = 7 * 24 * HOUR_MS;
const STEP_MS = 15 * MINUTE_MS;
// A Monday at 00:00 UTC: the week's moments are tried from here.
const A_MONDAY = Date.UTC(2026, 0, 5);

/**
 * The least working time any submission gets before its feedback is due, over every moment of the week it may
 * arrive at (every quarter hour): a window that can start on Friday evening and end on Sunday gives the team
 * none, however fast it is.
 */
export function leastWorkingTime(week: WorkingWeek, feedbackDueHours: number): number {
  let least = Infinity;
  for (let at = A_MONDAY; at < A_MONDAY + WEEK_MS; at += STEP_MS) {
    least = Math.min(least, workingTimeBetween(week, new Date(at), new Date(at + feedbackDueHours * HOUR_MS)));
  }
  return least;
}

/**
 * A feedback window is a promise to every candidate: it should leave the team at least one working day whenever
 * the candidate submits. Shorter ones are allowed (a team may review at weekends in a crunch) but warned about,
 * with the shortest window that does.
 */
export function feedbackWindowWarnings(week: WorkingWeek, feedbackDueHours: number): AssessmentWarning[] {
  const day = workingHoursPerDay(week) * HOUR_MS;
  const leastMs = leastWorkingTime(week, feedbackDueHours);
  if (leastMs >= day) return [];
  let enough = feedbackDueHours;
  while (enough < 720 && leastWorkingTime(week, enough) < day) enough += 12;
  const days = [...week.days]
    .sort()
    .map((d) => WEEKDAY_NAMES[d])
    .join(', ');
  const least = Math.round((leastMs / HOUR_MS) * 10) / 10;
  return [
    {
      field: 'feedbackDueHours',
      message:
        `${feedbackDueHours} hours can leave the team as little as ${least} working hours (it works ${days}, ` +
        `${String(week.fromHour).padStart(2, '0')}-${String(week.toHour).padStart(2, '0')} UTC): a candidate who ` +
        `submits before a day off would be promised feedback nobody is at work to write. ${enough} hours give every ` +
        `submission at least one working day.`,
    },
  ];
}
