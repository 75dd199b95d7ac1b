import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';

/** A resolved metrics filter: the window [from, to), optional narrowing, and "now" from the Clock. */
export interface MetricsFilter {
  from: Date;
  to: Date;
  assessmentId: string | null;
  reviewerId: string | null;
  now: Date;
}

export interface HeadlineRow {
  submissions: number;
  reviewed: number;
  feedbackSent: number;
  pendingFeedback: number;
  overdueNow: number;
  breaches: number;
  onTimeSent: number;
  claimP50: number | null;
  claimP90: number | null;
  feedbackP50: number | null;
  feedbackP90: number | null;
  feedbackMax: number | null;
}

export interface ReportRows {
  headline: HeadlineRow;
  /** Every reviewer account, plus anyone else who claimed one of the submissions (an admin, say). */
  reviewers: ReviewerRow[];
  /** Per assessment: the funnel of invitations created in the window, attempt figures of its submissions. */
  assessments: AssessmentRow[];
}

export interface QueueRow {
  depth: number;
  oldestSubmittedAt: Date | null;
}

export interface ReviewerRow {
  id: string;
  name: string;
  completed: number;
  inProgress: number;
  medianHoursToFeedback: number | null;
  breaches: number;
  ratingsCount: number;
  avgFeedbackUsefulness: number | null;
}

export interface AssessmentRow {
  id: string;
  title: string;
  timeLimitMinutes: number;
  invited: number;
  started: number;
  submitted: number;
  submissionsInWindow: number;
  autoSubmitted: number;
  medianMinutesUsed: number | null;
  ratingsCount: number;
  avgLength: number | null;
  avgLearning: number | null;
  avgFeedbackUsefulness: number | null;
}

export interface WeeklyRow {
  weekStart: Date;
  submissions: number;
  feedbackSent: number;
  p50: number | null;
  p90: number | null;
  dueHours: number | null;
}

export interface QueueDayRow {
  day: Date;
  open: number;
}

export interface CsvRow {
  invitationId: string;
  assessmentId: string;
  assessmentTitle: string;
  status: string;
  submittedAt: Date;
  submittedBy: string;
  startedAt: Date | null;
  timeLimitMinutes: number;
  claimedAt: Date | null;
  reviewerId: string | null;
  feedbackDueAt: Date | null;
  feedbackSentAt: Date | null;
  feedbackBreachedAt: Date | null;
}

export const REPORT_WORK_MEM = '64MB';

const HOURS = (later: string, earlier: string): string => `extract(epoch FROM (${later} - ${earlier})) / 3600.0`;

/**
 * The submissions a report is about: submitted_at in [$1, $2), optionally one assessment ($3) and only those
 * a given reviewer ($4) ever claimed. `r.claimed_at >= $1` is implied (a claim follows the submission) and is
 * spelled out so the claimed_at index can bound the scan.
 */
const SUBMISSIONS = `
  SELECT i.id, i.assessment_id, i.status, i.started_at, i.submitted_at, i.submitted_by,
         i.feedback_due_at, i.feedback_sent_at, i.feedback_breached_at
  FROM invitations i
  WHERE i.submitted_at >= $1 AND i.submitted_at < $2
    AND ($3::uuid IS NULL OR i.assessment_id = $3)
    AND ($4::uuid IS NULL OR EXISTS (
      SELECT 1 FROM reviews r WHERE r.invitation_id = i.id AND r.reviewer_id = $4 AND r.claimed_at >= $1))`;

/**
 * The whole report in ONE statement ($1 from, $2 to, $3 assessmentId, $4 reviewerId, $5 now): the window's
 * submissions are read once (an index-only scan) and their claims joined once; headline, reviewers and
 * assessments are aggregated from those two materialised sets and come back as JSON. Exported so the
 * benchmark can EXPLAIN exactly what the endpoint runs.
 */
export const TURNAROUND_REPORT_SQL = `
  WITH sub AS MATERIALIZED (${SUBMISSIONS}),
  -- Every claim of those submissions, with the submission's times beside it. claimed_at >= $1 is implied
  -- (a claim follows its submission) and bounds the reviews read through reviews_claimed_at_idx.
  claims AS MATERIALIZED (
    SELECT r.invitation_id, r.reviewer_id, r.status, r.claimed_at, s.submitted_at, s.feedback_sent_at
    FROM reviews r JOIN sub s ON s.id = r.invitation_id
    WHERE r.claimed_at >= $1),
  first_claim AS (
    SELECT invitation_id, min(claimed_at) AS claimed_at, bool_or(status = 'completed') AS completed
    FROM claims GROUP BY invitation_id),
  headline AS (
    SELECT count(*)::int AS "submissions",
      count(*) FILTER (WHERE fc.completed)::int AS "reviewed",
      count(s.feedback_sent_at)::int AS "feedbackSent",
      count(*) FILTER (WHERE s.feedback_sent_at IS NULL)::int AS "pendingFeedback",
      count(*) FILTER (WHERE s.feedback_sent_at IS NULL AND s.feedback_due_at < $5)::int AS "overdueNow",
      count(s.feedback_breached_at)::int AS "breaches",
      count(*) FILTER (WHERE s.feedback_sent_at <= s.feedback_due_at)::int AS "onTimeSent",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HOURS('fc.claimed_at', 's.submitted_at')}) AS "claimP50",
      percentile_cont(0.9) WITHIN GROUP (ORDER BY ${HOURS('fc.claimed_at', 's.submitted_at')}) AS "claimP90",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HOURS('s.feedback_sent_at', 's.submitted_at')}) AS "feedbackP50",
      percentile_cont(0.9) WITHIN GROUP (ORDER BY ${HOURS('s.feedback_sent_at', 's.submitted_at')}) AS "feedbackP90",
      max(${HOURS('s.feedback_sent_at', 's.submitted_at')}) AS "feedbackMax"
    FROM sub s LEFT JOIN first_claim fc ON fc.invitation_id = s.id),
  load AS (
    SELECT reviewer_id,
      count(*) FILTER (WHERE status = 'completed')::int AS completed,
      count(*) FILTER (WHERE status = 'active')::int AS in_progress,
      count(*) FILTER (WHERE status = 'revoked')::int AS breaches,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HOURS('feedback_sent_at', 'submitted_at')})
        FILTER (WHERE status = 'completed') AS median_hours
    FROM claims WHERE $4::uuid IS NULL OR reviewer_id = $4
    GROUP BY reviewer_id),
  -- A rating never precedes its submission: created_at >= $1 bounds the ratings read.
  window_ratings AS MATERIALIZED (
    SELECT cr.invitation_id, cr.stage, cr.length, cr.learning, cr.feedback_usefulness
    FROM candidate_ratings cr JOIN sub s ON s.id = cr.invitation_id
    WHERE cr.created_at >= $1),
  reviewer_ratings AS (
    SELECT c.reviewer_id, count(wr.feedback_usefulness)::int AS n, avg(wr.feedback_usefulness)::float8 AS usefulness
    FROM claims c JOIN window_ratings wr ON wr.invitation_id = c.invitation_id AND wr.stage = 'after_feedback'
    WHERE c.status = 'completed'
    GROUP BY c.reviewer_id),
  reviewers AS (
    SELECT u.id, u.name,
      coalesce(l.completed, 0) AS "completed", coalesce(l.in_progress, 0) AS "inProgress",
      l.median_hours AS "medianHoursToFeedback", coalesce(l.breaches, 0) AS "breaches",
      coalesce(rr.n, 0) AS "ratingsCount", rr.usefulness AS "avgFeedbackUsefulness"
    FROM users u
    LEFT JOIN load l ON l.reviewer_id = u.id
    LEFT JOIN reviewer_ratings rr ON rr.reviewer_id = u.id
    WHERE (u.role = 'reviewer' OR l.reviewer_id IS NOT NULL) AND ($4::uuid IS NULL OR u.id = $4)),
  attempts AS (
    SELECT assessment_id, count(*)::int AS n,
      count(*) FILTER (WHERE submitted_by = 'deadline')::int AS auto,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (submitted_at - started_at)) / 60.0) AS median_minutes
    FROM sub GROUP BY assessment_id),
  -- The funnel is a cohort of invitations created in the window (the reviewer filter cannot apply to it).
  funnel AS (
    SELECT assessment_id, count(*)::int AS invited, count(started_at)::int AS started, count(submitted_at)::int AS submitted
    FROM invitations
    WHERE created_at >= $1 AND created_at < $2 AND ($3::uuid IS NULL OR assessment_id = $3)
    GROUP BY assessment_id),
  assessment_ratings AS (
    SELECT s.assessment_id, count(*)::int AS n, avg(wr.length)::float8 AS length, avg(wr.learning)::float8 AS learning,
      avg(wr.feedback_usefulness)::float8 AS usefulness
    FROM window_ratings wr JOIN sub s ON s.id = wr.invitation_id
    GROUP BY s.assessment_id),
  assessment_rows AS (
    SELECT a.id, a.title, a.time_limit_minutes AS "timeLimitMinutes",
      coalesce(fu.invited, 0) AS "invited", coalesce(fu.started, 0) AS "started", coalesce(fu.submitted, 0) AS "submitted",
      coalesce(at.n, 0) AS "submissionsInWindow", coalesce(at.auto, 0) AS "autoSubmitted",
      at.median_minutes AS "medianMinutesUsed",
      coalesce(ar.n, 0) AS "ratingsCount", ar.length AS "avgLength", ar.learning AS "avgLearning",
      ar.usefulness AS "avgFeedbackUsefulness"
    FROM assessments a
    LEFT JOIN funnel fu ON fu.assessment_id = a.id
    LEFT JOIN attempts at ON at.assessment_id = a.id
    LEFT JOIN assessment_ratings ar ON ar.assessment_id = a.id
    WHERE fu.assessment_id IS NOT NULL OR at.assessment_id IS NOT NULL)
  SELECT (SELECT row_to_json(h) FROM headline h) AS "headline",
    (SELECT coalesce(json_agg(r ORDER BY r.name, r.id), '[]') FROM reviewers r) AS "reviewers",
    (SELECT coalesce(json_agg(x ORDER BY x.title, x.id), '[]') FROM assessment_rows x) AS "assessments"`;

/**
 * Named, read-only SQL behind the turnaround metrics. Every figure is aggregated in PostgreSQL; Node only
 * rounds and shapes the handful of rows that come back. The definitions are in metrics.service.ts.
 */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Each report statement sorts and hashes a whole window of submissions (tens of thousands of rows at
   * scale); the default 4 MB work_mem spills that to disk, so it runs in a read-only transaction with more.
   */
  private read<T>(sql: string, params: unknown[]): Promise<T> {
    return this.db.transaction(async (manager) => {
      await manager.query(`SET TRANSACTION READ ONLY`);
      await manager.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      // Measured: starting parallel workers for a month's index range costs more than it saves.
      await manager.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
      return manager.query<T>(sql, params);
    });
  }

  private params(f: MetricsFilter): unknown[] {
    return [f.from, f.to, f.assessmentId, f.reviewerId];
  }

  async report(f: MetricsFilter): Promise<ReportRows> {
    const [row] = await this.read<ReportRows[]>(TURNAROUND_REPORT_SQL, [...this.params(f), f.now]);
    return row;
  }

  /** The queue as it stands now (not windowed): unclaimed submissions. */
  async queue(assessmentId: string | null): Promise<QueueRow> {
    const [row] = await this.db.query<QueueRow[]>(
      `SELECT count(*)::int AS "depth", min(submitted_at) AS "oldestSubmittedAt"
       FROM invitations WHERE status = 'submitted' AND ($1::uuid IS NULL OR assessment_id = $1)`,
      [assessmentId],
    );
    return row;
  }

  /** Hours to feedback per ISO week (Monday, UTC) of submission, with the median feedback deadline. */
  weekly(f: MetricsFilter): Promise<WeeklyRow[]> {
    return this.read<WeeklyRow[]>(
      `WITH sub AS MATERIALIZED (${SUBMISSIONS})
       SELECT date_trunc('week', s.submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "weekStart",
         count(*)::int AS "submissions", count(s.feedback_sent_at)::int AS "feedbackSent",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HOURS('s.feedback_sent_at', 's.submitted_at')}) AS "p50",
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ${HOURS('s.feedback_sent_at', 's.submitted_at')}) AS "p90",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HOURS('s.feedback_due_at', 's.submitted_at')}) AS "dueHours"
       FROM sub s GROUP BY 1 ORDER BY 1`,
      this.params(f),
    );
  }

  /**
   * Submissions awaiting feedback at the end of each UTC day of the window: +1 when submitted (carried-over
   * ones count from the first day), -1 when feedback was sent, summed by a running window. Uses the window and
   * assessment filter only: the backlog is not a per-reviewer figure.
   */
  queueByDay(f: MetricsFilter): Promise<QueueDayRow[]> {
    return this.read<QueueDayRow[]>(
      `WITH open AS (
         SELECT submitted_at, feedback_sent_at FROM invitations
         WHERE submitted_at < $2 AND (feedback_sent_at IS NULL OR feedback_sent_at >= $1)
           AND ($3::uuid IS NULL OR assessment_id = $3)),
       deltas AS (
         SELECT greatest(submitted_at, $1) AS at, 1 AS d FROM open
         UNION ALL
         SELECT feedback_sent_at, -1 FROM open WHERE feedback_sent_at < $2),
       per_day AS (
         SELECT date_trunc('day', at AT TIME ZONE 'UTC') AS day, sum(d) AS delta FROM deltas GROUP BY 1),
       days AS (
         SELECT generate_series(date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC'),
                                date_trunc('day', ($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC'),
                                interval '1 day') AS day)
       SELECT d.day AT TIME ZONE 'UTC' AS "day", (sum(coalesce(p.delta, 0)) OVER (ORDER BY d.day))::int AS "open"
       FROM days d LEFT JOIN per_day p ON p.day = d.day
       ORDER BY d.day`,
      [f.from, f.to, f.assessmentId],
    );
  }

  /**
   * One page of the per-submission export, keyset-paginated on (submitted_at, id) so a large export is
   * streamed in constant memory. The reviewer is the one who completed the review, else the current claimer.
   */
  csvPage(f: MetricsFilter, after: { submittedAt: Date; id: string } | null, limit: number): Promise<CsvRow[]> {
    return this.db.query<CsvRow[]>(
      `WITH sub AS MATERIALIZED (${SUBMISSIONS}
         AND ($5::timestamptz IS NULL OR (i.submitted_at, i.id) > ($5, $6::uuid))
         ORDER BY i.submitted_at, i.id LIMIT $7)
       SELECT s.id AS "invitationId", s.assessment_id AS "assessmentId", a.title AS "assessmentTitle", s.status,
         s.submitted_at AS "submittedAt", s.submitted_by AS "submittedBy", s.started_at AS "startedAt",
         a.time_limit_minutes AS "timeLimitMinutes",
         c.claimed_at AS "claimedAt", c.reviewer_id AS "reviewerId",
         s.feedback_due_at AS "feedbackDueAt", s.feedback_sent_at AS "feedbackSentAt",
         s.feedback_breached_at AS "feedbackBreachedAt"
       FROM sub s
       JOIN assessments a ON a.id = s.assessment_id
       LEFT JOIN LATERAL (
         SELECT min(r.claimed_at) AS claimed_at,
           coalesce((array_agg(r.reviewer_id) FILTER (WHERE r.status = 'completed'))[1],
                    (array_agg(r.reviewer_id) FILTER (WHERE r.status = 'active'))[1]) AS reviewer_id
         FROM reviews r WHERE r.invitation_id = s.id) c ON true
       ORDER BY s.submitted_at, s.id`,
      [...this.params(f), after?.submittedAt ?? null, after?.id ?? null, limit],
    );
  }
}
