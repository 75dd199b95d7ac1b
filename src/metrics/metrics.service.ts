import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock.js';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { csvLine, type CsvCell } from './csv.js';
import { type TurnaroundQueryDto } from './dto/turnaround-query.dto.js';
import {
  MetricsRepository,
  type AssessmentOptionRow,
  type CsvRow,
  type FeedbackCommentRow,
  type MetricsFilter,
  type QueueDayRow,
  type ReviewerOptionRow,
  type WaitingPage,
  type WeeklyRow,
} from './metrics.repository.js';
import { average, rate, tooLongReasons, wholeNumber } from './turnaround-figures.js';
import { type TurnaroundReport } from './turnaround-report.view.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../common/clock/durations.js';
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, windowProblem } from './metrics-window.js';

const CSV_PAGE_SIZE = 2000;
/** How many candidates' comments on feedback the dashboard lists. */
export const FEEDBACK_COMMENTS_SHOWN = 10;

export interface DashboardSeries {
  weekly: WeeklyRow[];
  queueByDay: QueueDayRow[];
}

export const CSV_COLUMNS = [
  'invitationId',
  'assessmentId',
  'assessmentTitle',
  'status',
  'submittedAt',
  'submittedBy',
  'minutesUsed',
  'timeLimitMinutes',
  'claimedAt',
  'reviewerId',
  'feedbackDueAt',
  'feedbackSentAt',
  'hoursToClaim',
  'hoursToFeedback',
  'onTime',
  'breached',
  // Added later for people reading the export; earlier columns keep their place for existing spreadsheets.
  'candidateName',
  'candidateEmail',
  'reviewerName',
  'reviewerEmail',
] as const;

/** The dashboard's filter choices: every assessment and every reviewer, whatever the window. */
export interface FilterOptions {
  assessments: AssessmentOptionRow[];
  reviewers: ReviewerOptionRow[];
}

/**
 * Turnaround metrics over the submissions whose submitted_at lies in [from, to). Definitions (hours are
 * whole, rounded to nearest; a figure with no data is null):
 * - submissions: submitted attempts in the window; reviewed: those with a completed review;
 *   feedbackSent / pendingFeedback: feedback sent or not yet; overdueNow: not sent and feedback_due_at < now;
 *   breaches: feedback_breached_at recorded (the deadline passed unanswered, even if feedback came later).
 * - timeToClaimHours: first claim's claimed_at − submitted_at, over claimed submissions (p50, p90).
 * - timeToFeedbackHours: feedback_sent_at − submitted_at, over sent feedback (p50, p90, max).
 * - onTimeRate: feedback sent on or before feedback_due_at / feedback sent (0..1, four decimals).
 * - queue: NOT windowed, the queue now — depth = submissions in status 'submitted' (unclaimed),
 *   oldestWaitingHours = now − the oldest of their submitted_at (honours assessmentId only).
 * - reviewers[]: per reviewer over their claims of the window's submissions — completed reviews, inProgress
 *   (active claims), medianHoursToFeedback (of the feedback they sent), breaches (claims revoked at the feedback
 *   deadline), ratings = candidates' "feedback usefulness" (1-5) after receiving their feedback.
 * - assessments[]: funnel of the invitations CREATED in the window (invited, started, submitted); over the
 *   window's submissions: autoSubmittedRate = submitted_by 'deadline' / submissions, medianMinutesUsed =
 *   submitted_at − started_at, tooLong (see turnaround-figures.ts) and candidate ratings (1-5 averages).
 * reviewerId narrows the submissions to those the reviewer claimed (and the reviewer list to them); the
 * funnel and the queue ignore it.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly repository: MetricsRepository,
    private readonly clock: Clock,
  ) {}

  async turnaround(dto: TurnaroundQueryDto): Promise<TurnaroundReport> {
    const f = this.filter(dto);
    const [{ headline: head, reviewers, assessments }, queue] = await Promise.all([
      this.repository.report(f),
      this.repository.queue(f.assessmentId),
    ]);
    return {
      window: { from: f.from.toISOString(), to: f.to.toISOString() },
      generatedAt: f.now.toISOString(),
      submissions: head.submissions,
      reviewed: head.reviewed,
      feedbackSent: head.feedbackSent,
      pendingFeedback: head.pendingFeedback,
      overdueNow: head.overdueNow,
      breaches: head.breaches,
      timeToClaimHours: { p50: wholeNumber(head.claimP50), p90: wholeNumber(head.claimP90) },
      timeToFeedbackHours: {
        p50: wholeNumber(head.feedbackP50),
        p90: wholeNumber(head.feedbackP90),
        max: wholeNumber(head.feedbackMax),
      },
      onTimeRate: rate(head.onTimeSent, head.feedbackSent),
      queue: {
        depth: queue.depth,
        oldestWaitingHours: queue.oldestSubmittedAt
          ? wholeNumber((f.now.getTime() - queue.oldestSubmittedAt.getTime()) / HOUR_MS)
          : null,
      },
      reviewers: reviewers.map((r) => ({
        id: r.id,
        name: r.name,
        completed: r.completed,
        inProgress: r.inProgress,
        medianHoursToFeedback: wholeNumber(r.medianHoursToFeedback),
        breaches: r.breaches,
        ratings: { count: r.ratingsCount, feedbackUsefulness: average(r.avgFeedbackUsefulness) },
      })),
      assessments: assessments.map((a) => {
        const autoSubmittedRate = rate(a.autoSubmitted, a.submissionsInWindow);
        const reasons = tooLongReasons(autoSubmittedRate, a.medianMinutesUsed, a.timeLimitMinutes);
        return {
          id: a.id,
          title: a.title,
          invited: a.invited,
          started: a.started,
          submitted: a.submitted,
          autoSubmittedRate,
          medianMinutesUsed: wholeNumber(a.medianMinutesUsed),
          timeLimitMinutes: a.timeLimitMinutes,
          tooLong: reasons.length > 0,
          tooLongReasons: reasons,
          ratings: {
            count: a.ratingsCount,
            length: average(a.avgLength),
            learning: average(a.avgLearning),
            feedbackUsefulness: average(a.avgFeedbackUsefulness),
          },
        };
      }),
    };
  }

  /** The dashboard's chart data: weekly hours to feedback and the daily backlog. */
  async series(dto: TurnaroundQueryDto): Promise<DashboardSeries> {
    const f = this.filter(dto);
    const [weekly, queueByDay] = await Promise.all([this.repository.weekly(f), this.repository.queueByDay(f)]);
    return { weekly, queueByDay };
  }

  /**
   * The latest candidates' comments on their feedback, newest first (the dashboard's list). Async so that a refused
   * window rejects rather than throws: thrown while a Promise.all's array was built, it left the calls before it
   * rejected with nobody listening, and an unhandled rejection ends the process.
   */
  async feedbackComments(dto: TurnaroundQueryDto): Promise<FeedbackCommentRow[]> {
    return this.repository.latestFeedbackComments(this.filter(dto), FEEDBACK_COMMENTS_SHOWN);
  }

  /** Every assessment and reviewer the dashboard's filters offer. */
  async filterOptions(): Promise<FilterOptions> {
    const [assessments, reviewers] = await Promise.all([
      this.repository.assessmentOptions(),
      this.repository.reviewerOptions(),
    ]);
    return { assessments, reviewers };
  }

  /**
   * The oldest submissions awaiting feedback now (not windowed), with their claimer; assessmentId and
   * reviewerId (the current claimer) narrow them.
   */
  waiting(dto: Pick<TurnaroundQueryDto, 'assessmentId' | 'reviewerId'>, limit: number): Promise<WaitingPage> {
    return this.repository.waiting(dto.assessmentId ?? null, dto.reviewerId ?? null, limit);
  }

  /** One CSV line per submission (header first), read page by page so memory stays flat. */
  csv(dto: TurnaroundQueryDto): Readable {
    const f = this.filter(dto);
    const repository = this.repository;
    async function* lines(): AsyncGenerator<string> {
      yield csvLine(CSV_COLUMNS);
      let after: { submittedAt: Date; id: string } | null = null;
      for (;;) {
        const page = await repository.csvPage(f, after, CSV_PAGE_SIZE);
        if (page.length > 0) yield page.map((row) => csvLine(toCsvCells(row))).join('');
        if (page.length < CSV_PAGE_SIZE) return;
        const last = page[page.length - 1];
        after = { submittedAt: last.submittedAt, id: last.invitationId };
      }
    }
    return Readable.from(lines());
  }

  filter(dto: TurnaroundQueryDto): MetricsFilter {
    const now = this.clock.now();
    const to = dto.to ? new Date(dto.to) : now;
    const from = dto.from ? new Date(dto.from) : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
    const problem = windowProblem(from, to);
    if (problem === 'reversed')
      throw new RequestValidationError([{ field: 'from', message: 'from must be before to' }]);
    if (problem === 'too-long') {
      throw new RequestValidationError([
        { field: 'from', message: `the window may span at most ${MAX_WINDOW_DAYS} days` },
      ]);
    }
    return { from, to, assessmentId: dto.assessmentId ?? null, reviewerId: dto.reviewerId ?? null, now };
  }
}

const hoursBetween = (later: Date | null, earlier: Date | null): number | null =>
  later && earlier ? Math.round(((later.getTime() - earlier.getTime()) / HOUR_MS) * 100) / 100 : null;

/** CSV durations keep two decimals: the export is for analysis, the API's whole hours are for reading. */
function toCsvCells(row: CsvRow): CsvCell[] {
  const sent = row.feedbackSentAt;
  return [
    row.invitationId,
    row.assessmentId,
    row.assessmentTitle,
    row.status,
    row.submittedAt,
    row.submittedBy,
    row.startedAt ? Math.round((row.submittedAt.getTime() - row.startedAt.getTime()) / MINUTE_MS) : null,
    row.timeLimitMinutes,
    row.claimedAt,
    row.reviewerId,
    row.feedbackDueAt,
    sent,
    hoursBetween(row.claimedAt, row.submittedAt),
    hoursBetween(sent, row.submittedAt),
    sent && row.feedbackDueAt ? sent <= row.feedbackDueAt : null,
    row.feedbackBreachedAt !== null,
    row.candidateName,
    row.candidateEmail,
    row.reviewerName,
    row.reviewerEmail,
  ];
}
