/**
 * From what happened to every submission to the figures, the terminal table, the result file and the chart.
 * Pure: no I/O. Rates are over submissions (a no-show never submits); on time means the feedback was sent at or
 * before the feedbackDueAt the candidate was given; hours to feedback are over the submissions that got it.
 */
import { type PolicyName } from './policies.js';
import { type PolicyRun, type SubmissionOutcome } from './simulation.js';
import { summariseTrace, type Trace, type TraceSummary } from './trace.js';

const HOUR_MS = 3_600_000;

export interface PolicyFigures {
  submissions: number;
  feedbackSent: number;
  feedbackRate: number;
  onTimeRate: number;
  p50HoursToFeedback: number | null;
  p90HoursToFeedback: number | null;
  maxHoursToFeedback: number | null;
  breaches: number;
  lateNotices: number;
}

/** Where the misses (late or no feedback) come from, to see what to improve. */
export interface MissAnalysis {
  byAssessment: Record<string, { submissions: number; missed: number }>;
  /** Missed submissions by the weekday they were submitted on (UTC). */
  bySubmittedWeekday: Record<string, number>;
  /** Reviewers who held a missed submission before it was missed, and how often. */
  heldBy: Record<string, number>;
  /** Missed submissions nobody had claimed before their deadline. */
  unclaimedAtDeadline: number;
  /** Each miss: candidate, assessment, submitted, due, sent, who claimed it in order. */
  list: {
    candidate: number;
    assessment: string;
    submittedAt: string;
    feedbackDueAt: string;
    feedbackSentAt: string | null;
    claims: SubmissionOutcome['claims'];
  }[];
}

export interface SimulationResult {
  seed: number;
  days: number;
  candidates: number;
  reviewers: number;
  stepMinutes: number;
  trace: TraceSummary & { candidates: Trace['candidates'] };
  policies: Partial<Record<PolicyName, PolicyFigures>>;
  details: Partial<Record<PolicyName, Omit<PolicyRun, 'outcomes' | 'policy'> & { misses: MissAnalysis }>>;
  outcomes: Partial<Record<PolicyName, SubmissionOutcome[]>>;
}

const isOnTime = (o: SubmissionOutcome): boolean =>
  o.feedbackSentAt !== null && Date.parse(o.feedbackSentAt) <= Date.parse(o.feedbackDueAt);
const hoursToFeedback = (o: SubmissionOutcome): number | null =>
  o.feedbackSentAt === null ? null : (Date.parse(o.feedbackSentAt) - Date.parse(o.submittedAt)) / HOUR_MS;
const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function policyFigures(outcomes: readonly SubmissionOutcome[]): PolicyFigures {
  const sent = outcomes.filter((o) => o.feedbackSentAt !== null);
  const hours = sent.map((o) => hoursToFeedback(o)!).sort((a, b) => a - b);
  const rate = (n: number): number => (outcomes.length === 0 ? 0 : round(n / outcomes.length, 4));
  const hoursAt = (p: number): number | null => {
    const v = percentile(hours, p);
    return v === null ? null : round(v, 1);
  };
  return {
    submissions: outcomes.length,
    feedbackSent: sent.length,
    feedbackRate: rate(sent.length),
    onTimeRate: rate(outcomes.filter(isOnTime).length),
    p50HoursToFeedback: hoursAt(50),
    p90HoursToFeedback: hoursAt(90),
    maxHoursToFeedback: hoursAt(100),
    breaches: outcomes.filter((o) => !isOnTime(o)).length,
    lateNotices: outcomes.filter((o) => o.lateNotice).length,
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function missAnalysis(outcomes: readonly SubmissionOutcome[]): MissAnalysis {
  const missed = outcomes.filter((o) => !isOnTime(o));
  const byAssessment: MissAnalysis['byAssessment'] = {};
  for (const o of outcomes) {
    const entry = (byAssessment[o.assessment] ??= { submissions: 0, missed: 0 });
    entry.submissions += 1;
    if (!isOnTime(o)) entry.missed += 1;
  }
  const bySubmittedWeekday: Record<string, number> = {};
  const heldBy: Record<string, number> = {};
  for (const o of missed) {
    const day = WEEKDAYS[new Date(o.submittedAt).getUTCDay()];
    bySubmittedWeekday[day] = (bySubmittedWeekday[day] ?? 0) + 1;
    for (const name of new Set(o.claims.filter((c) => c.at <= o.feedbackDueAt).map((c) => c.by)))
      heldBy[name] = (heldBy[name] ?? 0) + 1;
  }
  return {
    byAssessment,
    bySubmittedWeekday,
    heldBy,
    unclaimedAtDeadline: missed.filter((o) => !o.claims.some((c) => c.at <= o.feedbackDueAt)).length,
    list: missed.map((o) => ({
      candidate: o.candidate + 1,
      assessment: o.assessment,
      submittedAt: o.submittedAt,
      feedbackDueAt: o.feedbackDueAt,
      feedbackSentAt: o.feedbackSentAt,
      claims: o.claims,
    })),
  };
}

export function buildResult(trace: Trace, stepMinutes: number, runs: readonly PolicyRun[]): SimulationResult {
  const policies: SimulationResult['policies'] = {};
  const details: SimulationResult['details'] = {};
  const outcomes: SimulationResult['outcomes'] = {};
  for (const { outcomes: list, policy, ...rest } of runs) {
    policies[policy] = policyFigures(list);
    details[policy] = { ...rest, misses: missAnalysis(list) };
    outcomes[policy] = list;
  }
  return {
    seed: trace.options.seed,
    days: trace.options.days,
    candidates: trace.candidates.length,
    reviewers: trace.reviewers.length,
    stepMinutes,
    trace: { ...summariseTrace(trace), candidates: trace.candidates },
    policies,
    details,
    outcomes,
  };
}

const percent = (rate: number): string => `${(rate * 100).toFixed(1)} %`;
const hoursText = (h: number | null): string => (h === null ? '-' : h.toFixed(1));

/** The terminal table: one row per policy, the columns of the result file's figures. */
export function renderTable(result: SimulationResult): string {
  const header = [
    'policy',
    'submissions',
    'feedback sent',
    'feedback rate',
    'on time',
    'p50 h',
    'p90 h',
    'max h',
    'breaches',
    'late notices',
    'run s',
  ];
  const rows = Object.entries(result.policies).map(([name, f]) => [
    name,
    String(f.submissions),
    String(f.feedbackSent),
    percent(f.feedbackRate),
    percent(f.onTimeRate),
    hoursText(f.p50HoursToFeedback),
    hoursText(f.p90HoursToFeedback),
    hoursText(f.maxHoursToFeedback),
    String(f.breaches),
    String(f.lateNotices),
    String(result.details[name as PolicyName]?.wallSeconds ?? '-'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const t = result.trace;
  return [
    `Seed ${result.seed}, ${result.days} days from ${t.start.slice(0, 10)}: ${t.invitations} invitations (${t.graduateClass ? `graduate class of ${t.graduateClass.size} on day ${t.graduateClass.day}` : 'no graduate class'}), ` +
      `${t.noShows} no-shows, ${t.extensions} extensions, ${result.reviewers} reviewers; steps of ${result.stepMinutes} virtual minutes.`,
    '',
    line(header),
    `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

const COLOURS: Record<PolicyName, string> = { candor: '#1b7f5f', fifo: '#c0392b', 'candor-no-forecast': '#2c6fbb' };

/**
 * Cumulative share of submissions with feedback by hours after submission, one step line per policy; the
 * feedback windows of the assessments as dashed verticals. Standalone SVG: inline styles, no script.
 */
export function renderChart(result: SimulationResult): string {
  const W = 760;
  const H = 420;
  const pad = { left: 70, right: 24, top: 48, bottom: 92 };
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const all = Object.values(result.outcomes).flatMap((list) =>
    list.map(hoursToFeedback).filter((h): h is number => h !== null),
  );
  const windows = [...new Set(result.trace.assessments.map((a) => a.feedbackDueHours))].sort((a, b) => a - b);
  // Whole days, with room to the right of the longest window for its label.
  const xMax = Math.ceil(Math.max(24, ...windows.map((w) => w + 12), ...all) / 24) * 24;
  const x = (h: number): number => pad.left + (h / xMax) * plotW;
  const y = (share: number): number => pad.top + plotH - share * plotH;
  const f = (n: number): string => n.toFixed(1);
  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">Candidates with written feedback, by hours after submitting (seed ${result.seed}, ${result.days} days)</text>`,
  );
  for (let s = 0; s <= 1.0001; s += 0.2) {
    parts.push(`<line x1="${pad.left}" x2="${W - pad.right}" y1="${f(y(s))}" y2="${f(y(s))}" stroke="#e3e3e3"/>`);
    parts.push(
      `<text x="${pad.left - 8}" y="${f(y(s) + 4)}" text-anchor="end" font-size="12">${Math.round(s * 100)} %</text>`,
    );
  }
  const tick = xMax <= 240 ? 24 : 48;
  for (let h = 0; h <= xMax; h += tick) {
    parts.push(
      `<line x1="${f(x(h))}" x2="${f(x(h))}" y1="${pad.top + plotH}" y2="${pad.top + plotH + 5}" stroke="#333"/>`,
    );
    parts.push(`<text x="${f(x(h))}" y="${pad.top + plotH + 20}" text-anchor="middle" font-size="12">${h}</text>`);
  }
  for (const w of windows) {
    parts.push(
      `<line x1="${f(x(w))}" x2="${f(x(w))}" y1="${pad.top}" y2="${pad.top + plotH}" stroke="#888" stroke-dasharray="4 4"/>`,
    );
    parts.push(
      `<text x="${f(x(w))}" y="${pad.top - 6}" text-anchor="middle" font-size="11" fill="#555">${w} h window</text>`,
    );
  }
  parts.push(
    `<line x1="${pad.left}" x2="${W - pad.right}" y1="${pad.top + plotH}" y2="${pad.top + plotH}" stroke="#333"/>`,
  );
  parts.push(`<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + plotH}" stroke="#333"/>`);
  parts.push(
    `<text x="${pad.left + plotW / 2}" y="${pad.top + plotH + 42}" text-anchor="middle" font-size="13">hours after submission</text>`,
  );
  parts.push(
    `<text transform="translate(18 ${pad.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">share of submissions with feedback</text>`,
  );
  Object.entries(result.outcomes).forEach(([name, list], i) => {
    const hours = list
      .map(hoursToFeedback)
      .filter((h): h is number => h !== null)
      .sort((a, b) => a - b);
    const n = list.length;
    const points: string[] = [`${f(x(0))},${f(y(0))}`];
    hours.forEach((h, k) => {
      points.push(`${f(x(h))},${f(y(k / n))}`, `${f(x(h))},${f(y((k + 1) / n))}`);
    });
    points.push(`${f(x(xMax))},${f(y(n === 0 ? 0 : hours.length / n))}`);
    const colour = COLOURS[name as PolicyName] ?? '#333';
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2.5"/>`);
    const figures = result.policies[name as PolicyName]!;
    const lx = pad.left + i * 340;
    const ly = H - 18;
    parts.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="3"/>`);
    parts.push(
      `<text x="${lx + 30}" y="${ly}" font-size="12">${name}: ${percent(figures.feedbackRate)} got feedback, ${percent(figures.onTimeRate)} on time</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="Cumulative share of candidates with feedback by hours after submission">\n<title>Cumulative share of candidates with feedback by hours after submission</title>\n${parts.join('\n')}\n</svg>\n`;
}
