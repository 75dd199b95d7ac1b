import { Injectable } from '@nestjs/common';
import { HOUR_MS } from '../common/clock/durations.js';
import { NEVER, WEEKDAY_NAMES, type WeekdayName } from '../common/clock/working-week.js';
import { CapacityForecastService } from '../reviews/capacity-forecast.service.js';
import { type AtRiskSubmission, type CapacityForecastView } from '../reviews/capacity-forecast.view.js';
import { type TurnaroundQueryDto } from './dto/turnaround-query.dto.js';
import { MetricsService, type DashboardSeries } from './metrics.service.js';
import { lineChart } from './svg-chart.js';
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

/**
 * Turns the report, the chart series and the capacity forecast into what dashboard.hbs shows (formatted text and
 * SVG). The forecast is of the whole queue now: the page's filters do not apply to it.
 */
@Injectable()
export class DashboardPresenter {
  constructor(
    private readonly metrics: MetricsService,
    private readonly capacity: CapacityForecastService,
  ) {}

  async page(query: TurnaroundQueryDto): Promise<Record<string, unknown>> {
    const [report, series, comments, forecast] = await Promise.all([
      this.metrics.turnaround(query),
      this.metrics.series(query),
      this.metrics.feedbackComments(query),
      this.capacity.forecast(),
    ]);
    const csvQuery = new URLSearchParams({ from: report.window.from, to: report.window.to });
    if (query.assessmentId) csvQuery.set('assessmentId', query.assessmentId);
    if (query.reviewerId) csvQuery.set('reviewerId', query.reviewerId);
    return {
      window: { from: day(new Date(report.window.from)), to: day(new Date(report.window.to)) },
      csvHref: `/api/v1/metrics/turnaround.csv?${csvQuery.toString()}`,
      assessmentOptions: report.assessments.map((a) => ({
        id: a.id,
        title: a.title,
        selected: a.id === query.assessmentId,
      })),
      headline: this.headline(report),
      forecast: forecastSection(forecast),
      charts: this.charts(series),
      reviewers: report.reviewers.map((r) => ({
        name: r.name,
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
        reviewer: c.reviewerName ?? '—',
        usefulness: c.feedbackUsefulness === null ? '—' : `${c.feedbackUsefulness} / 5`,
        comment: c.comment,
        date: day(c.createdAt),
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

  private charts(series: DashboardSeries): { weekly: string; queue: string } {
    return {
      weekly: lineChart({
        title: 'Hours from submission to feedback, by week of submission',
        unit: 'hours',
        labels: series.weekly.map((w) => day(w.weekStart)),
        series: [
          { name: 'median', className: 'line-p50', values: series.weekly.map((w) => w.p50) },
          { name: 'p90', className: 'line-p90', values: series.weekly.map((w) => w.p90) },
          { name: 'feedback deadline', className: 'line-deadline', values: series.weekly.map((w) => w.dueHours) },
        ],
      }),
      queue: lineChart({
        title: 'Submissions awaiting feedback at the end of each day',
        unit: 'submissions',
        labels: series.queueByDay.map((d) => day(d.day).slice(5)),
        series: [{ name: 'awaiting feedback', className: 'line-queue', values: series.queueByDay.map((d) => d.open) }],
      }),
    };
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
