/**
 * The people who review, as a small table of behaviours. Each behaviour says when a reviewer looks at the
 * queue, what else makes them look (a reminder mail), how long a review takes them, how much of their day
 * reviews may take, and whether they sit on a claim. The driver (simulation.ts) reads these and acts through
 * the HTTP API; nothing here knows which policy the service runs, so both policies meet the same people.
 * Pure: no I/O, no application imports.
 */

export const BEHAVIOUR_KEYS = [
  'prompt',
  'slow',
  'after-reminder',
  'on-leave',
  'ignores-until-breach',
  'leaves',
] as const;
export type BehaviourKey = (typeof BEHAVIOUR_KEYS)[number];

/** When a reviewer looks at the queue of their own accord, during their working hours. */
export type LookRule =
  { kind: 'every'; minutes: number } | { kind: 'at'; hours: readonly number[] } | { kind: 'never' };

export interface ReviewerBehaviour {
  key: BehaviourKey;
  description: string;
  /** Working hours, UTC, [from, to). Reviewers act only then: mail that arrives at night is read next morning. */
  hours: readonly [number, number];
  /** Days of the week they work (0 = Sunday). Nobody in the default roster works weekends: see the README. */
  days: readonly number[];
  looks: LookRule;
  /** A reminder mail (to them as claimer, or to every reviewer while a submission waits) makes them look. */
  reactsToReminders: boolean;
  /** Focused minutes one review takes them, drawn per submission in this range. */
  writingMinutes: readonly [number, number];
  /**
   * Minutes of their working day that reviews may take (reviewing is a side duty for engineers): with less left
   * they start no review; one already started they finish, their working hours permitting.
   */
  dailyMinutes: number;
  /** Claims they hold at once (the service's own limit, REVIEW_MAX_ACTIVE, is 3). */
  maxClaims: number;
  /** Claims, then touches nothing (no draft, no mail) until the claim's feedback deadline has passed. */
  waitsForDeadline: boolean;
  /**
   * What an "at risk" mail (the capacity forecast: the team will miss candidates' dates at its pace) makes them
   * do, at work: give this many minutes beyond the day's allowance, once a day, and look at the queue. 0: nothing.
   */
  answersAtRisk: number;
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;

export const BEHAVIOURS: Record<BehaviourKey, ReviewerBehaviour> = {
  prompt: {
    key: 'prompt',
    description: 'looks every hour, writes a review in under an hour and a half',
    hours: [9, 18],
    days: WEEKDAYS,
    looks: { kind: 'every', minutes: 60 },
    reactsToReminders: false,
    writingMinutes: [30, 75],
    dailyMinutes: 150,
    maxClaims: 1,
    waitsForDeadline: false,
    answersAtRisk: 60,
  },
  slow: {
    key: 'slow',
    description: 'looks once a day, early afternoon, and takes one and a half to three hours over a review',
    hours: [9, 18],
    days: WEEKDAYS,
    looks: { kind: 'at', hours: [14] },
    reactsToReminders: false,
    writingMinutes: [90, 180],
    dailyMinutes: 180,
    maxClaims: 1,
    waitsForDeadline: false,
    answersAtRisk: 90,
  },
  'after-reminder': {
    key: 'after-reminder',
    description: 'never looks on their own; each reminder mail makes them take one submission',
    hours: [9, 18],
    days: WEEKDAYS,
    looks: { kind: 'never' },
    reactsToReminders: true,
    writingMinutes: [40, 90],
    dailyMinutes: 120,
    maxClaims: 1,
    waitsForDeadline: false,
    answersAtRisk: 0,
  },
  'on-leave': {
    key: 'on-leave',
    description: 'prompt, twice a day, except for a week of leave',
    hours: [9, 18],
    days: WEEKDAYS,
    looks: { kind: 'at', hours: [10, 14] },
    reactsToReminders: false,
    writingMinutes: [30, 75],
    dailyMinutes: 150,
    maxClaims: 1,
    waitsForDeadline: false,
    answersAtRisk: 60,
  },
  'ignores-until-breach': {
    key: 'ignores-until-breach',
    description: 'claims one a day, then ignores it (and every mail) until its deadline has passed',
    hours: [9, 18],
    days: WEEKDAYS,
    looks: { kind: 'at', hours: [10] },
    reactsToReminders: false,
    writingMinutes: [30, 60],
    dailyMinutes: 120,
    maxClaims: 1,
    waitsForDeadline: true,
    answersAtRisk: 0,
  },
  leaves: {
    key: 'leaves',
    description: 'claims two at a time, every two hours; leaves the company mid-month (deactivated by an admin)',
    hours: [9, 18],
    days: WEEKDAYS,
    looks: { kind: 'every', minutes: 120 },
    reactsToReminders: false,
    writingMinutes: [30, 75],
    dailyMinutes: 150,
    maxClaims: 2,
    waitsForDeadline: false,
    answersAtRisk: 60,
  },
};

/** One reviewer of the default team of eight. */
export interface RosterEntry {
  name: string;
  behaviour: BehaviourKey;
}

export const DEFAULT_ROSTER: readonly RosterEntry[] = [
  { name: 'Ada', behaviour: 'prompt' },
  { name: 'Ben', behaviour: 'prompt' },
  { name: 'Chen', behaviour: 'slow' },
  { name: 'Dara', behaviour: 'slow' },
  { name: 'Eli', behaviour: 'after-reminder' },
  { name: 'Fay', behaviour: 'on-leave' },
  { name: 'Gus', behaviour: 'ignores-until-breach' },
  { name: 'Hana', behaviour: 'leaves' },
];

const MINUTES_PER_DAY = 1440;

/** A reviewer as the trace fixes them: the behaviour plus their dates (minutes from the trace's start). */
export interface TraceReviewer {
  name: string;
  email: string;
  behaviour: BehaviourKey;
  /** On leave from this minute (inclusive) to that one (exclusive). */
  absent: { from: number; to: number } | null;
  /** When an admin deactivates them. */
  leavesAt: number | null;
}

/** Minute of the week's day and of the day, for a minute since a start that is a midnight (UTC). */
export function calendarOf(
  startMs: number,
  minute: number,
): { weekday: number; hour: number; minuteOfDay: number; day: number } {
  const at = new Date(startMs + minute * 60_000);
  const minuteOfDay = at.getUTCHours() * 60 + at.getUTCMinutes();
  return { weekday: at.getUTCDay(), hour: at.getUTCHours(), minuteOfDay, day: Math.floor(minute / MINUTES_PER_DAY) };
}

/** At their desk: a working day and hour, not on leave, still with the company. */
export function isAtWork(reviewer: TraceReviewer, startMs: number, minute: number): boolean {
  const behaviour = BEHAVIOURS[reviewer.behaviour];
  const { weekday, hour } = calendarOf(startMs, minute);
  if (!behaviour.days.includes(weekday) || hour < behaviour.hours[0] || hour >= behaviour.hours[1]) return false;
  if (reviewer.absent && minute >= reviewer.absent.from && minute < reviewer.absent.to) return false;
  return reviewer.leavesAt === null || minute < reviewer.leavesAt;
}

/**
 * Whether their own habit makes them look at the queue in the step [minute, minute + stepMinutes): every N
 * minutes since they last looked, or at fixed hours of the day.
 */
export function looksOnTheirOwn(
  rule: LookRule,
  startMs: number,
  minute: number,
  stepMinutes: number,
  lastLookAt: number | null,
): boolean {
  switch (rule.kind) {
    case 'never':
      return false;
    case 'every':
      return lastLookAt === null || minute - lastLookAt >= rule.minutes;
    case 'at': {
      const { minuteOfDay } = calendarOf(startMs, minute);
      return rule.hours.some((h) => minuteOfDay >= h * 60 && minuteOfDay < h * 60 + stepMinutes);
    }
  }
}

/**
 * Whether they take on a review now: only with time for at least a short one left today (in their review
 * minutes and before the end of their day), as people do; the one who sits on claims takes one regardless.
 */
export function hasTimeToClaim(
  behaviour: ReviewerBehaviour,
  startMs: number,
  minute: number,
  budgetLeft: number,
): boolean {
  if (behaviour.waitsForDeadline) return true;
  const { minuteOfDay } = calendarOf(startMs, minute);
  const shortest = behaviour.writingMinutes[0];
  return budgetLeft >= shortest && behaviour.hours[1] * 60 - minuteOfDay >= shortest;
}

/** Focused minutes one review takes this reviewer, fixed per (reviewer, candidate) so every policy sees the same. */
export function writingMinutesFor(behaviour: BehaviourKey, draw: number): number {
  const [low, high] = BEHAVIOURS[behaviour].writingMinutes;
  return Math.round(low + draw * (high - low));
}
