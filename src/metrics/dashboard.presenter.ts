import { Injectable } from '@nestjs/common';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { DAY_MS, HOUR_MS } from '../common/clock/durations.js';
import { utcDay, utcMinute, utcShortDay } from '../common/clock/utc-text.js';
import { NEVER, WEEKDAY_NAMES, type WeekdayName } from '../common/clock/working-week.js';
import { CapacityForecastService } from '../reviews/capacity-forecast.service.js';
import { type AtRiskSubmission, type CapacityForecastView } from '../reviews/capacity-forecast.view.js';
import { staffNav } from '../web-auth/staff-nav.js';
import { type DashboardQueryDto } from './dto/dashboard-query.dto.js';
import { type TurnaroundQueryDto } from './dto/turnaround-query.dto.js';
import { type WaitingPage } from './metrics.repository.js';
import { MAX_WINDOW_DAYS, windowProblem } from './metrics-window.js';
import { MetricsService, type DashboardSeries } from './metrics.service.js';
import { barChart } from './svg-chart.js';
import { type TooLongReason } from './turnaround-figures.js';
import { type AssessmentFigures, type TurnaroundReport } from './turnaround-report.view.js';

export const DASHBOARD_TEMPLATE = 'metrics/dashboard.hbs';

const REASON_TEXT: Record<TooLongReason, string> = {
  auto_submitted_rate: 'over 30 % of attempts ran out of time',
  median_time_used: 'the median attempt used over 90 % of the time limit',
};

const dash = (value: number | null, unit = ''): string => (value === null ? '—' : `${value}${unit}`);
const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 1000) / 10} %`);
const day = (d: Date): string => d.toISOString().slice(0, 10);
const minute = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** At most this many at-risk submissions are listed; the rest are counted ("and N more"). */
export const AT_RISK_ROWS = 20;

const STATUS_TEXT: Record<AtRiskSubmission['status'], string> = {
  submitted: 'Waiting for a reviewer',
  in_review: 'Being reviewed',
  started: 'Still being written',
};

export interface ForecastTile {
  id: string;
  label: string;
  value: string;
  hint: string;
}

export interface AtRiskRow {
  title: string;
  status: string;
  dueAt: string;
  /** Its feedback date has passed already. */
  overdue: boolean;
  expectedAt: string;
  late: string;
}

/** The "At risk" section of the dashboard, formatted. */
export interface ForecastSection {
  /** 'warn' when some feedback is at risk, 'ok' when none, 'none' without a forecast. */
  tone: 'warn' | 'ok' | 'none';
  headline: string;
  tiles: ForecastTile[];
  workingWeek: string;
  generatedAt: string;
  rows: AtRiskRow[];
  more: string | null;
}

/** `mon–fri` for a run of days (a week may wrap past Sunday), else the days listed. */
export function workingDaysText(days: readonly string[]): string {
  const index = days.map((d) => WEEKDAY_NAMES.indexOf(d as WeekdayName));
  const n = index.length;
  if (n === 7) return 'every day';
  if (n >= 3) {
    const start = index.find((s) => index.every((i) => (i - s + 7) % 7 < n));
    if (start !== undefined) return `${WEEKDAY_NAMES[start]}–${WEEKDAY_NAMES[(start + n - 1) % 7]}`;
  }
  return days.join(', ');
}

/** How much later than its date a feedback would come: hours under two days, days after. */
export function lateText(ms: number): string {
  const hours = ms / HOUR_MS;
  if (hours < 1) return 'under 1 h';
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}

/** The capacity forecast as the dashboard's "At risk" section shows it (all text formatted here). */
export function forecastSection(f: CapacityForecastView, maxRows = AT_RISK_ROWS): ForecastSection {
  const pace = f.reviewsPerWorkingDay;
  const reviewers = plural(f.reviewers.length, 'active reviewer', 'active reviewers');
  const window = f.paceWorkingDays === 1 ? 'working day' : `${f.paceWorkingDays} working days`;
  const atRisk = f.atRisk.length;
  const queued = f.pending + f.writing;
  const headline =
    pace === null
      ? "No forecast yet: too little history to know the team's pace"
      : atRisk > 0
        ? `${plural(atRisk, 'candidate', 'candidates')} will hear back late at the team's pace`
        : "No feedback at risk at the team's pace";
  const clears: Omit<ForecastTile, 'id' | 'label'> =
    pace === null
      ? { value: '—', hint: 'no forecast yet' }
      : queued === 0
        ? { value: '—', hint: 'nothing is waiting' }
        : f.clearsAt === null
          ? { value: 'never', hint: 'at this pace: no reviews completed lately' }
          : { value: day(f.clearsAt), hint: `by ${f.clearsAt.toISOString().slice(11, 16)} UTC at this pace` };
  const never = (a: AtRiskSubmission): boolean => a.expectedAt.getTime() >= NEVER.getTime();
  return {
    tone: pace === null ? 'none' : atRisk > 0 ? 'warn' : 'ok',
    headline,
    tiles: [
      {
        id: 'pace',
        label: 'Team pace',
        value: pace === null ? '—' : String(pace),
        hint:
          pace === null
            ? 'Not enough history yet for a forecast'
            : `${pace === 1 ? 'review' : 'reviews'} a working day from ${reviewers} over the last ${window}`,
      },
      {
        id: 'queue',
        label: 'Waiting for feedback',
        value: String(f.pending),
        hint: `${plural(f.writing, 'attempt', 'attempts')} still being written`,
      },
      { id: 'clears', label: 'Queue clears', ...clears },
    ],
    workingWeek: `${workingDaysText(f.workingWeek.days)} ${f.workingWeek.hours}`,
    generatedAt: `${minute(f.generatedAt)} UTC`,
    rows: f.atRisk.slice(0, maxRows).map((a) => ({
      title: a.assessmentTitle,
      status: STATUS_TEXT[a.status],
      dueAt: minute(a.feedbackDueAt),
      overdue: a.feedbackDueAt <= f.generatedAt,
      expectedAt: never(a) ? 'not at this pace' : minute(a.expectedAt),
      late: never(a) ? '—' : lateText(a.expectedAt.getTime() - a.feedbackDueAt.getTime()),
    })),
    more: atRisk > maxRows ? `and ${atRisk - maxRows} more` : null,
  };
}

/** At most this many waiting candidates are listed; the rest are counted ("and N more waiting"). */
export const WAITING_ROWS = 25;

const startOfUtcDay = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** The dashboard's date range: whole UTC days, both ends included, and the API's `[from, to)` it stands for. */
export interface DashboardRange {
  /** The form's values, YYYY-MM-DD. */
  from: string;
  to: string;
  /** The API window: from's midnight to the midnight after `to`. */
  apiFrom: string;
  apiTo: string;
  /** "Showing 1 Nov – 30 Nov 2026, today included". */
  text: string;
}

/** Days the dashboard shows by default, today included. */
export const DEFAULT_RANGE_DAYS = 30;

/**
 * The range a person asked for, or by default the last 30 days up to and including today, in words. `to` is
 * inclusive here; the API's is exclusive, so the window ends at the midnight after it.
 */
export function dashboardRange(query: { from?: string; to?: string }, now: Date): DashboardRange {
  const today = startOfUtcDay(now);
  const last = query.to ? new Date(`${query.to}T00:00:00.000Z`) : today;
  const first = query.from
    ? new Date(`${query.from}T00:00:00.000Z`)
    : new Date(last.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  const sameYear = first.getUTCFullYear() === last.getUTCFullYear();
  const span =
    first.getTime() === last.getTime()
      ? utcDay(last)
      : `${sameYear ? utcShortDay(first) : utcDay(first)} – ${utcDay(last)}`;
  const withToday = first <= today && today <= last;
  return {
    from: day(first),
    to: day(last),
    apiFrom: first.toISOString(),
    apiTo: new Date(last.getTime() + DAY_MS).toISOString(),
    text: `Showing ${span}${withToday ? ', today included' : ''}`,
  };
}

/**
 * What is wrong with a range a person typed, in words for beside the form, or null when the API will take it
 * (metrics-window.ts: `from` before `to`, at most MAX_WINDOW_DAYS days).
 */
export function dashboardRangeError(range: DashboardRange): string | null {
  const from = new Date(range.apiFrom);
  const to = new Date(range.apiTo);
  const problem = windowProblem(from, to);
  if (problem === 'reversed') {
    return `The first day (${utcDay(from)}) is after the last (${utcDay(new Date(to.getTime() - DAY_MS))}): choose a first day on or before the last.`;
  }
  if (problem === 'too-long') {
    const days = Math.round((to.getTime() - from.getTime()) / DAY_MS);
    return `That range is ${days} days long; the dashboard shows at most ${MAX_WINDOW_DAYS} days at once.`;
  }
  return null;
}

interface Person {
  id: string;
  name: string;
  email: string;
}

/**
 * What to call each person: their name, or "name (email)" when someone else has the same name, so that
 * three reviewers called Sam can be told apart.
 */
export function personLabels(people: readonly Person[]): Map<string, string> {
  const key = (name: string): string => name.trim().toLowerCase();
  const count = new Map<string, number>();
  for (const p of people) count.set(key(p.name), (count.get(key(p.name)) ?? 0) + 1);
  return new Map(people.map((p) => [p.id, (count.get(key(p.name)) ?? 0) > 1 ? `${p.name} (${p.email})` : p.name]));
}

export interface WaitingTableRow {
  href: string;
  candidate: string;
  candidateEmail: string;
  assessment: string;
  submitted: string;
  due: string;
  overdue: boolean;
  /** The reviewer holding it, or null when nobody has claimed it. */
  claimer: string | null;
}

export interface WaitingSection {
  headline: string;
  rows: WaitingTableRow[];
  more: string | null;
}

/** The "Waiting for feedback" table, oldest first; claimers named by `labels` (see personLabels). */
export function waitingSection(page: WaitingPage, labels: ReadonlyMap<string, string>, now: Date): WaitingSection {
  const oldest = page.rows[0];
  return {
    headline:
      page.total === 0
        ? 'Nobody is waiting for feedback.'
        : `${plural(page.total, 'candidate waits', 'candidates wait')} for feedback, the longest since ${utcMinute(oldest.submittedAt)}.`,
    rows: page.rows.map((w) => ({
      href: `/invitations?id=${encodeURIComponent(w.invitationId)}`,
      candidate: w.candidateName,
      candidateEmail: w.candidateEmail,
      assessment: w.assessmentTitle,
      submitted: utcMinute(w.submittedAt),
      due: w.feedbackDueAt ? utcMinute(w.feedbackDueAt) : '—',
      overdue: w.feedbackDueAt !== null && w.feedbackDueAt <= now,
      claimer: w.claimerId ? (labels.get(w.claimerId) ?? w.claimerName ?? 'a former reviewer') : null,
    })),
    more: page.total > page.rows.length ? `and ${page.total - page.rows.length} more waiting` : null,
  };
}

/** The Mondays (UTC) of every week that overlaps [from, to), so weeks without submissions show as gaps. */
export function weeksOf(from: Date, to: Date): Date[] {
  const first = startOfUtcDay(from);
  first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  const weeks: Date[] = [];
  for (let w = first.getTime(); w < to.getTime(); w += 7 * DAY_MS) weeks.push(new Date(w));
  return weeks;
}

/** The two charts, as HTML (SVG and legend); labels say "9 Feb" rather than ISO dates. */
export function dashboardCharts(
  series: DashboardSeries,
  window: { from: Date; to: Date },
): { weekly: string; queue: string } {
  const byWeek = new Map(series.weekly.map((w) => [w.weekStart.getTime(), w]));
  const weeks = weeksOf(window.from, window.to).map((start) => ({ start, row: byWeek.get(start.getTime()) ?? null }));
  return {
    weekly: barChart({
      title: 'Hours from submission to feedback, by week of submission',
      unit: 'hours',
      labels: weeks.map((w) => utcShortDay(w.start)),
      bars: [
        { name: 'median', className: 'series-p50', values: weeks.map((w) => w.row?.p50 ?? null) },
        { name: 'p90', className: 'series-p90', values: weeks.map((w) => w.row?.p90 ?? null) },
      ],
      levels: [
        {
          name: 'feedback deadline',
          className: 'series-deadline',
          values: weeks.map((w) => w.row?.dueHours ?? null),
        },
      ],
      // A week with submissions but no feedback yet differs from a week without submissions.
      emptyText: weeks.map((w) => (w.row ? 'none sent' : '—')),
    }),
    queue: barChart({
      title: 'Submissions awaiting feedback at the end of each day',
      unit: 'submissions',
      labels: series.queueByDay.map((d) => utcShortDay(d.day)),
      bars: [{ name: 'awaiting feedback', className: 'series-queue', values: series.queueByDay.map((d) => d.open) }],
    }),
  };
}

/**
 * Turns the report, the chart series, the waiting list and the capacity forecast into what dashboard.hbs
 * shows (formatted text and SVG). The forecast is of the whole queue now: the page's filters do not apply to it.
 */
@Injectable()
export class DashboardPresenter {
  constructor(
    private readonly metrics: MetricsService,
    private readonly capacity: CapacityForecastService,
    private readonly clock: Clock,
  ) {}

  async page(actor: StaffActor, query: DashboardQueryDto): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const asked = dashboardRange(query, now);
    // A range the window refuses shows the default range, with what was typed kept in the form beside the reason.
    const rangeError = dashboardRangeError(asked);
    const range = rangeError === null ? asked : dashboardRange({}, now);
    const api: TurnaroundQueryDto = {
      from: range.apiFrom,
      to: range.apiTo,
      assessmentId: query.assessmentId,
      reviewerId: query.reviewerId,
    };
    const [report, series, comments, forecast, options, waiting] = await Promise.all([
      this.metrics.turnaround(api),
      this.metrics.series(api),
      this.metrics.feedbackComments(api),
      this.capacity.forecast(),
      this.metrics.filterOptions(),
      this.metrics.waiting(api, WAITING_ROWS),
    ]);
    const labels = personLabels(options.reviewers);
    const csvQuery = new URLSearchParams({ from: report.window.from, to: report.window.to });
    if (query.assessmentId) csvQuery.set('assessmentId', query.assessmentId);
    if (query.reviewerId) csvQuery.set('reviewerId', query.reviewerId);
    return {
      nav: staffNav(actor.role, '/dashboard'),
      window: { from: range.from, to: range.to, text: range.text },
      rangeError: rangeError === null ? null : { message: rangeError, from: asked.from, to: asked.to },
      filtered: Boolean(query.assessmentId || query.reviewerId),
      csvHref: `/api/v1/metrics/turnaround.csv?${csvQuery.toString()}`,
      assessmentOptions: options.assessments.map((a) => ({
        id: a.id,
        title: a.title,
        selected: a.id === query.assessmentId,
      })),
      reviewerOptions: options.reviewers.map((r) => ({
        id: r.id,
        label: labels.get(r.id) ?? r.name,
        selected: r.id === query.reviewerId,
      })),
      headline: this.headline(report),
      waiting: waitingSection(waiting, labels, now),
      forecast: forecastSection(forecast),
      charts: dashboardCharts(series, { from: new Date(report.window.from), to: new Date(report.window.to) }),
      reviewers: report.reviewers.map((r) => ({
        name: labels.get(r.id) ?? r.name,
        completed: r.completed,
        inProgress: r.inProgress,
        median: dash(r.medianHoursToFeedback, ' h'),
        breaches: r.breaches,
        usefulness:
          r.ratings.feedbackUsefulness === null ? '—' : `${r.ratings.feedbackUsefulness} / 5 (${r.ratings.count})`,
      })),
      assessments: report.assessments.map((a) => this.assessment(a)),
      feedbackComments: comments.map((c) => ({
        assessment: c.assessmentTitle,
        reviewer: (c.reviewerId && labels.get(c.reviewerId)) ?? c.reviewerName ?? '—',
        usefulness: c.feedbackUsefulness === null ? '—' : `${c.feedbackUsefulness} / 5`,
        comment: c.comment,
        date: utcDay(c.createdAt),
      })),
    };
  }

  private headline(r: TurnaroundReport): { label: string; value: string; id: string; hint?: string }[] {
    return [
      { id: 'on-time-rate', label: 'Feedback on time', value: percent(r.onTimeRate), hint: `${r.feedbackSent} sent` },
      { id: 'feedback-p50', label: 'Time to feedback, median', value: dash(r.timeToFeedbackHours.p50, ' h') },
      { id: 'feedback-p90', label: 'Time to feedback, p90', value: dash(r.timeToFeedbackHours.p90, ' h') },
      {
        id: 'overdue-now',
        label: 'Overdue now',
        value: String(r.overdueNow),
        hint: `${r.breaches} breaches in the window`,
      },
      {
        id: 'queue-depth',
        label: 'Waiting in the queue',
        value: String(r.queue.depth),
        hint: r.queue.oldestWaitingHours === null ? 'queue empty' : `oldest ${r.queue.oldestWaitingHours} h`,
      },
      {
        id: 'submissions',
        label: 'Submissions',
        value: String(r.submissions),
        hint: `${r.pendingFeedback} awaiting feedback`,
      },
    ];
  }

  private assessment(a: AssessmentFigures): Record<string, unknown> {
    return {
      title: a.title,
      invited: a.invited,
      started: a.started,
      submitted: a.submitted,
      autoSubmitted: percent(a.autoSubmittedRate),
      timeUsed: `${dash(a.medianMinutesUsed)} of ${a.timeLimitMinutes} min`,
      tooLong: a.tooLong,
      tooLongText: a.tooLongReasons.map((reason) => REASON_TEXT[reason]).join('; '),
      ratings:
        a.ratings.count === 0
          ? '—'
          : `length ${dash(a.ratings.length)} · learning ${dash(a.ratings.learning)} · feedback ${dash(a.ratings.feedbackUsefulness)} (${a.ratings.count})`,
    };
  }
}
