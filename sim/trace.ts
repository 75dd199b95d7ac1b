/**
 * A month of hiring as data: who is invited when, to which assessment, whether and when they start, how much
 * of their time they use, who gets more time, and the review team with its leave and its departure. Pure and
 * seeded: the same options give the same trace, byte for byte, so both policies (and a rerun) meet the same
 * month. Times are whole minutes from `start`, a Monday midnight UTC.
 */
import { seededRandom, seedOf } from '../test/support/generated-text.js';
import { BEHAVIOURS, calendarOf, DEFAULT_ROSTER, type RosterEntry, type TraceReviewer } from './reviewer-behaviours.js';

export const ASSESSMENT_KEYS = ['backend', 'frontend', 'graduate'] as const;
export type AssessmentKey = (typeof ASSESSMENT_KEYS)[number];

export interface TraceAssessment {
  key: AssessmentKey;
  title: string;
  roleTitle: string;
  timeLimitMinutes: number;
  feedbackDueHours: number;
  minAnchoredComments: number;
}

/**
 * Three assessments with different limits and feedback windows (the API takes 1..480 minutes, 1..720 hours).
 * Every window leaves the team at least one working day whenever a candidate submits, as Candor advises
 * (`warnings` on the assessment): a 48-hour window would promise a Friday-evening submitter feedback on Sunday.
 * `--windows` sets others (TraceOptions.feedbackDueHours).
 */
export const TRACE_ASSESSMENTS: readonly TraceAssessment[] = [
  {
    key: 'backend',
    title: 'Backend take-home',
    roleTitle: 'Backend Engineer',
    timeLimitMinutes: 90,
    feedbackDueHours: 120,
    minAnchoredComments: 2,
  },
  {
    key: 'frontend',
    title: 'Frontend take-home',
    roleTitle: 'Frontend Engineer',
    timeLimitMinutes: 60,
    feedbackDueHours: 96,
    minAnchoredComments: 1,
  },
  {
    key: 'graduate',
    title: 'Graduate exercise',
    roleTitle: 'Graduate Engineer',
    timeLimitMinutes: 45,
    feedbackDueHours: 72,
    minAnchoredComments: 1,
  },
];

export interface TraceOptions {
  seed: number;
  /** Days over which invitations arrive. */
  days: number;
  /** A Monday, midnight UTC. */
  start: string;
  /** Mean invitations per weekday outside the spike (a Poisson process over recruiters' working hours). */
  invitesPerWeekday: number;
  /** A graduate class invited in one morning: on this day (moved to the next weekday), this many candidates. */
  spike: { day: number; size: number } | null;
  /** Share of candidates who never start (their invitation expires). */
  noShowRate: number;
  /** Share of starters given extra time by a recruiter during the attempt. */
  extensionRate: number;
  /** Share of candidates invited with accommodation (25 % more time from the start). */
  accommodationRate: number;
  /** Share of starters who work to the limit and are submitted by the server at the deadline. */
  toTheLimitRate: number;
  /** The longest a candidate waits before starting (the start window is the assessment's 7 days). */
  maxStartDelayHours: number;
  /** Who reviews; default the team of eight. */
  roster: readonly RosterEntry[];
  /** The `on-leave` reviewers are away on these days (from inclusive, to exclusive). */
  leaveDays: { from: number; to: number };
  /**
   * When the `leaves` reviewers are deactivated: day and hour; default two days after the spike, 10:00, an hour
   * after their first look of the day, so they hold claims (the ones they will now never write).
   */
  departure: { day: number; hour: number } | null;
  /** Each assessment's feedback window in hours, when not TRACE_ASSESSMENTS' own (`--windows`). */
  feedbackDueHours?: Readonly<Record<AssessmentKey, number>>;
}

export const DEFAULT_TRACE_OPTIONS: Omit<TraceOptions, 'seed' | 'days'> = {
  start: '2026-03-02T00:00:00.000Z',
  invitesPerWeekday: 6,
  spike: null,
  noShowRate: 0.15,
  extensionRate: 0.06,
  accommodationRate: 0.05,
  toTheLimitRate: 0.25,
  maxStartDelayHours: 96,
  roster: DEFAULT_ROSTER,
  leaveDays: { from: 7, to: 14 },
  departure: null,
};

/** The default month: a graduate class of 40 mid-month, the leaver gone two days after it. */
export function defaultTraceOptions(seed: number, days: number): TraceOptions {
  const spikeDay = Math.floor(days / 2);
  return {
    ...DEFAULT_TRACE_OPTIONS,
    seed,
    days,
    spike: { day: spikeDay, size: 40 },
    departure: { day: spikeDay + 2, hour: 10 },
  };
}

export interface TraceCandidate {
  index: number;
  name: string;
  email: string;
  assessment: AssessmentKey;
  cohort: 'regular' | 'graduate-class';
  invitedAt: number;
  /** Accommodation given with the invitation. */
  extraMinutes: number;
  /** null: never starts (a no-show). */
  startsAt: number | null;
  /** A recruiter grants `minutes` more when this share of the time limit has passed. */
  extension: { atShare: number; minutes: number } | null;
  /** Share of their whole time (limit + accommodation + extension) used before they submit. */
  usedShare: number;
  /** Works to the limit: the server submits at the deadline. */
  toTheLimit: boolean;
}

export interface Trace {
  options: TraceOptions;
  assessments: readonly TraceAssessment[];
  candidates: TraceCandidate[];
  reviewers: TraceReviewer[];
  /** Last minute of the arrivals. */
  endsAt: number;
}

const MIN = 1;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Recruiters invite during 09:00–18:00 on weekdays. */
const INVITE_HOURS = [9, 18] as const;
/** Candidates start between 08:00 and 23:00. */
const START_HOURS = [8, 23] as const;

/** A named sub-stream per concern: adding a draw to one concern leaves the others' numbers alone. */
function stream(seed: number, name: string): () => number {
  return seededRandom(seedOf(`${seed}:${name}`));
}

/** An exponential variate with this mean from one uniform draw (inverse transform). */
const exponentialOf = (draw: number, mean: number): number => -Math.log(1 - draw) * mean;
const exponential = (random: () => number, mean: number): number => exponentialOf(random(), mean);

export function generateTrace(options: TraceOptions): Trace {
  const startMs = Date.parse(options.start);
  if (calendarOf(startMs, 0).weekday !== 1 || new Date(startMs).getUTCHours() !== 0)
    throw new Error(`trace start ${options.start} must be a Monday, 00:00 UTC`);
  const endsAt = options.days * DAY;
  const arrivals = regularArrivals(options, startMs, endsAt);
  const spike = spikeArrivals(options, startMs, endsAt);
  const invitations = [...arrivals, ...spike].sort((a, b) => a.at - b.at);

  const attempt = stream(options.seed, 'attempts');
  const candidates = invitations.map(({ at, assessment, cohort }, index): TraceCandidate => {
    const limit = TRACE_ASSESSMENTS.find((a) => a.key === assessment)!.timeLimitMinutes;
    // Every draw happens for every candidate, so one candidate's outcome never shifts the next one's numbers.
    const [noShow, accommodation, extended, extensionShare, extensionSize, toLimit, used, delay, hour] = Array.from(
      { length: 9 },
      attempt,
    );
    // Most start within a day or two (mean 30 h after half an hour), none later than maxStartDelayHours.
    const delayHours = Math.min(options.maxStartDelayHours, 0.5 + exponentialOf(delay, 30));
    const startsAt = noShow < options.noShowRate ? null : startTime(startMs, at, delayHours * HOUR, hour);
    return {
      index,
      name: `Candidate ${index + 1}`,
      email: `candidate-${index + 1}@sim.candor.test`,
      assessment,
      cohort,
      invitedAt: at,
      extraMinutes: accommodation < options.accommodationRate ? Math.round(limit / 4) : 0,
      startsAt,
      // Granted before the candidate would have submitted (usedShare is at least 0.6 of the whole time).
      extension:
        startsAt !== null && extended < options.extensionRate
          ? { atShare: 0.3 + 0.25 * extensionShare, minutes: extensionSize < 0.5 ? 15 : 30 }
          : null,
      // "Most of the time": those who submit themselves use 60 to 98 % of it.
      usedShare: toLimit < options.toTheLimitRate ? 1 : 0.6 + 0.38 * used,
      toTheLimit: toLimit < options.toTheLimitRate,
    };
  });
  const windows = options.feedbackDueHours;
  const assessments = windows
    ? TRACE_ASSESSMENTS.map((a) => ({ ...a, feedbackDueHours: windows[a.key] }))
    : TRACE_ASSESSMENTS;
  return { options, assessments, candidates, reviewers: reviewersOf(options, startMs), endsAt };
}

/** A Poisson process in recruiters' working time (weekdays 09:00–18:00), mapped onto the calendar. */
function regularArrivals(
  options: TraceOptions,
  startMs: number,
  endsAt: number,
): { at: number; assessment: AssessmentKey; cohort: 'regular' }[] {
  const random = stream(options.seed, 'arrivals');
  const dayLength = (INVITE_HOURS[1] - INVITE_HOURS[0]) * HOUR;
  const workdays: number[] = [];
  for (let d = 0; d * DAY < endsAt; d++) if (isWeekday(startMs, d)) workdays.push(d);
  const out: { at: number; assessment: AssessmentKey; cohort: 'regular' }[] = [];
  const meanGap = dayLength / options.invitesPerWeekday;
  for (
    let work = exponential(random, meanGap);
    work < workdays.length * dayLength;
    work += exponential(random, meanGap)
  ) {
    const day = workdays[Math.floor(work / dayLength)];
    const at = day * DAY + INVITE_HOURS[0] * HOUR + Math.floor(work % dayLength);
    const pick = random();
    out.push({ at, assessment: pick < 0.5 ? 'backend' : pick < 0.85 ? 'frontend' : 'graduate', cohort: 'regular' });
  }
  return out;
}

/** The graduate class: invited one after another from 10:00, a minute apart, as a recruiter works down a list. */
function spikeArrivals(
  options: TraceOptions,
  startMs: number,
  endsAt: number,
): { at: number; assessment: AssessmentKey; cohort: 'graduate-class' }[] {
  if (!options.spike || options.spike.size === 0) return [];
  let day = options.spike.day;
  while (!isWeekday(startMs, day)) day += 1;
  const first = day * DAY + 10 * HOUR;
  if (first >= endsAt) return [];
  return Array.from({ length: options.spike.size }, (_, i) => ({
    at: first + i,
    assessment: 'graduate' as const,
    cohort: 'graduate-class' as const,
  }));
}

/** Candidates start after a delay, at a waking hour: a start that falls at night moves to the next morning. */
function startTime(startMs: number, invitedAt: number, delayMinutes: number, hourDraw: number): number {
  const at = invitedAt + Math.round(delayMinutes);
  const { minuteOfDay } = calendarOf(startMs, at);
  if (minuteOfDay >= START_HOURS[0] * HOUR && minuteOfDay < START_HOURS[1] * HOUR) return at;
  const nextMorning = at - minuteOfDay + (minuteOfDay >= START_HOURS[1] * HOUR ? DAY : 0) + START_HOURS[0] * HOUR;
  return nextMorning + Math.round(hourDraw * 4 * HOUR);
}

function isWeekday(startMs: number, day: number): boolean {
  const { weekday } = calendarOf(startMs, day * DAY);
  return weekday >= 1 && weekday <= 5;
}

function reviewersOf(options: TraceOptions, startMs: number): TraceReviewer[] {
  const departure = options.departure;
  let departureDay = departure?.day ?? 0;
  while (departure && !isWeekday(startMs, departureDay)) departureDay += 1;
  return options.roster.map((entry) => ({
    name: entry.name,
    email: `${entry.name.toLowerCase()}@sim.candor.test`,
    behaviour: entry.behaviour,
    absent:
      entry.behaviour === 'on-leave' ? { from: options.leaveDays.from * DAY, to: options.leaveDays.to * DAY } : null,
    leavesAt: entry.behaviour === 'leaves' && departure ? departureDay * DAY + departure.hour * HOUR : null,
  }));
}

/** What the result file says about the trace: enough to see the month at a glance and to regenerate it. */
export interface TraceSummary {
  start: string;
  invitations: number;
  byAssessment: Record<AssessmentKey, number>;
  graduateClass: { day: number; size: number } | null;
  noShows: number;
  starters: number;
  toTheLimit: number;
  extensions: number;
  accommodations: number;
  invitationsPerWeek: number[];
  assessments: readonly TraceAssessment[];
  reviewers: {
    name: string;
    behaviour: string;
    description: string;
    absentDays: [number, number] | null;
    leavesAt: string | null;
  }[];
  options: Omit<TraceOptions, 'roster'>;
}

export function summariseTrace(trace: Trace): TraceSummary {
  const startMs = Date.parse(trace.options.start);
  const byAssessment = Object.fromEntries(
    ASSESSMENT_KEYS.map((k) => [k, trace.candidates.filter((c) => c.assessment === k).length]),
  ) as Record<AssessmentKey, number>;
  const weeks = Math.ceil(trace.options.days / 7);
  const perWeek = Array.from(
    { length: weeks },
    (_, w) => trace.candidates.filter((c) => Math.floor(c.invitedAt / (7 * DAY)) === w).length,
  );
  const graduates = trace.candidates.filter((c) => c.cohort === 'graduate-class');
  const { roster: _roster, ...options } = trace.options;
  return {
    start: trace.options.start,
    invitations: trace.candidates.length,
    byAssessment,
    graduateClass:
      graduates.length > 0 ? { day: Math.floor(graduates[0].invitedAt / DAY), size: graduates.length } : null,
    noShows: trace.candidates.filter((c) => c.startsAt === null).length,
    starters: trace.candidates.filter((c) => c.startsAt !== null).length,
    toTheLimit: trace.candidates.filter((c) => c.startsAt !== null && c.toTheLimit).length,
    extensions: trace.candidates.filter((c) => c.extension !== null).length,
    accommodations: trace.candidates.filter((c) => c.extraMinutes > 0).length,
    invitationsPerWeek: perWeek,
    assessments: trace.assessments,
    reviewers: trace.reviewers.map((r) => ({
      name: r.name,
      behaviour: r.behaviour,
      description: BEHAVIOURS[r.behaviour].description,
      absentDays: r.absent ? [r.absent.from / DAY, r.absent.to / DAY] : null,
      leavesAt: r.leavesAt === null ? null : new Date(startMs + r.leavesAt * 60_000).toISOString(),
    })),
    options,
  };
}
