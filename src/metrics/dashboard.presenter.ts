import { Injectable } from '@nestjs/common';
import { type TurnaroundQueryDto } from './dto/turnaround-query.dto.js';
import {
  MetricsService,
  type AssessmentFigures,
  type DashboardSeries,
  type TurnaroundReport,
} from './metrics.service.js';
import { lineChart } from './svg-chart.js';
import { type TooLongReason } from './turnaround-figures.js';

export const DASHBOARD_TEMPLATE = 'metrics/dashboard.hbs';

const REASON_TEXT: Record<TooLongReason, string> = {
  auto_submitted_rate: 'over 30 % of attempts ran out of time',
  median_time_used: 'the median attempt used over 90 % of the time limit',
};

const dash = (value: number | null, unit = ''): string => (value === null ? '—' : `${value}${unit}`);
const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 1000) / 10} %`);
const day = (d: Date): string => d.toISOString().slice(0, 10);

/** Turns the report and the chart series into what dashboard.hbs shows (formatted text and SVG). */
@Injectable()
export class DashboardPresenter {
  constructor(private readonly metrics: MetricsService) {}

  async page(query: TurnaroundQueryDto): Promise<Record<string, unknown>> {
    const [report, series, comments] = await Promise.all([
      this.metrics.turnaround(query),
      this.metrics.series(query),
      this.metrics.feedbackComments(query),
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
