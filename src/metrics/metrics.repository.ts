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

/** A candidate's comment on the feedback they got (rating stage after_feedback). */
export interface FeedbackCommentRow {
  assessmentTitle: string;
  /** Who completed the review; null if that account is gone. */
  reviewerId: string | null;
  reviewerName: string | null;
  feedbackUsefulness: number | null;
  comment: string;
  createdAt: Date;
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
  candidateName: string;
  candidateEmail: string;
  /** The reviewer's account (see reviewerId); null without a reviewer. */
  reviewerName: string | null;
  reviewerEmail: string | null;
}

/** An assessment the dashboard's filter offers. */
export interface AssessmentOptionRow {
  id: string;
  title: string;
}

/** A staff account the dashboard's reviewer filter offers. */
export interface ReviewerOptionRow {
  id: string;
  name: string;
  email: string;
}

/** A submission awaiting feedback now, with who holds it (if anyone). */
export interface WaitingRow {
  invitationId: string;
  candidateName: string;
  candidateEmail: string;
  assessmentTitle: string;
  submittedAt: Date;
  feedbackDueAt: Date | null;
  claimerId: string | null;
  claimerName: string | null;
  claimerEmail: string | null;
}

export interface WaitingPage {
  rows: WaitingRow[];
  /** How many wait in all (rows holds the oldest of them). */
  total: number;
}

export const REPORT_WORK_MEM = '64MB';

export const HOURS = (later: string, earlier: string): string => `extract(epoch FROM (${later} - ${earlier})) / 3600.0`;

/**
 * The submissions a report is about: submitted_at in [$1, $2), optionally one assessment ($3) and only those
 * a given reviewer ($4) ever claimed. `r.claimed_at >= $1` is implied (a claim follows the submission) and is
 * spelled out so the claimed_at index can bound the scan.
 */
export const SUBMISSIONS = `
  SELECT i.id, i.assessment_id, i.status, i.started_at, i.submitted_at, i.submitted_by,
         i.feedback_due_at, i.feedback_sent_at, i.feedback_breached_at
  FROM invitations i
  WHERE i.submitted_at >= $1 AND i.submitted_at < $2
    AND ($3::uuid IS NULL OR i.assessment_id = $3)
    AND ($4::uuid IS NULL OR EXISTS (
      SELECT 1 FROM reviews r WHERE r.invitation_id = i.id AND r.reviewer_id = $4 AND r.claimed_at >= $1))`;

/** The same selection over the submission_facts rollup (one row per submission, kept by triggers). */
const FACTS_IN_WINDOW = (f: string): string => `
  ${f}.submitted_at >= $1 AND ${f}.submitted_at < $2
    AND ($3::uuid IS NULL OR ${f}.assessment_id = $3)
    AND ($4::uuid IS NULL OR ${f}.invitation_id IN (
      SELECT r.invitation_id FROM reviews r WHERE r.reviewer_id = $4 AND r.claimed_at >= $1))`;

/** Mean of the 1-5 answers given at either stage (a submission has up to one rating per stage). */
const BOTH_STAGES_AVG = (column: string): string =>
  `((coalesce(sum(f.submit_${column}), 0) + coalesce(sum(f.feedback_${column}), 0))::float8
     / nullif(count(f.submit_${column}) + count(f.feedback_${column}), 0))`;

/**
 * The whole report in ONE statement ($1 from, $2 to, $3 assessmentId, $4 reviewerId, $5 now), read from the
 * submission_facts rollup: the headline is one index-only range scan; assessments and reviewers are one
 * index range scan each per assessment / staff account, so no step sorts or hashes the whole window by
 * group. Claims that did not end in feedback (in progress, revoked) are few and read from reviews. Exported
 * so the benchmark can EXPLAIN exactly what the endpoint runs.
 */
export const TURNAROUND_REPORT_SQL = `
  WITH headline AS (
    SELECT count(*)::int AS "submissions",
      count(f.reviewed_by)::int AS "reviewed",
      count(f.feedback_sent_at)::int AS "feedbackSent",
      count(*) FILTER (WHERE f.feedback_sent_at IS NULL)::int AS "pendingFeedback",
      count(*) FILTER (WHERE f.feedback_sent_at IS NULL AND f.feedback_due_at < $5)::int AS "overdueNow",
      count(*) FILTER (WHERE f.breached)::int AS "breaches",
      count(*) FILTER (WHERE f.feedback_sent_at <= f.feedback_due_at)::int AS "onTimeSent",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.hours_to_claim) AS "claimP50",
      percentile_cont(0.9) WITHIN GROUP (ORDER BY f.hours_to_claim) AS "claimP90",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY f.hours_to_feedback) AS "feedbackP50",
      percentile_cont(0.9) WITHIN GROUP (ORDER BY f.hours_to_feedback) AS "feedbackP90",
      max(f.hours_to_feedback) AS "feedbackMax"
    FROM submission_facts f WHERE ${FACTS_IN_WINDOW('f')}),
  -- In progress and revoked (at a breach) claims; released and expired ones only list their reviewer.
  unfinished AS (
    SELECT r.reviewer_id,
      count(*) FILTER (WHERE r.status = 'active')::int AS in_progress,
      count(*) FILTER (WHERE r.status = 'revoked')::int AS breaches
    FROM reviews r JOIN submission_facts f ON f.invitation_id = r.invitation_id
    WHERE r.status <> 'completed' AND r.claimed_at >= $1 AND ${FACTS_IN_WINDOW('f')}
    GROUP BY r.reviewer_id),
  reviewer_rows AS (
    SELECT u.id, u.name, x.completed AS "completed", coalesce(un.in_progress, 0) AS "inProgress",
      x.median_hours AS "medianHoursToFeedback", coalesce(un.breaches, 0) AS "breaches",
      x.ratings AS "ratingsCount", x.usefulness AS "avgFeedbackUsefulness"
    FROM users u
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS completed,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY f.hours_to_feedback) AS median_hours,
        count(f.feedback_usefulness)::int AS ratings, avg(f.feedback_usefulness)::float8 AS usefulness
      FROM submission_facts f WHERE f.reviewed_by = u.id AND ${FACTS_IN_WINDOW('f')}) x
    LEFT JOIN unfinished un ON un.reviewer_id = u.id
    WHERE (u.role = 'reviewer' OR x.completed > 0 OR un.reviewer_id IS NOT NULL) AND ($4::uuid IS NULL OR u.id = $4)),
  -- The funnel is a cohort of invitations created in the window (the reviewer filter cannot apply to it).
  funnel AS (
    SELECT assessment_id, count(*)::int AS invited, count(started_at)::int AS started, count(submitted_at)::int AS submitted
    FROM invitations
    WHERE created_at >= $1 AND created_at < $2 AND ($3::uuid IS NULL OR assessment_id = $3)
    GROUP BY assessment_id),
  assessment_rows AS (
    SELECT a.id, a.title, a.time_limit_minutes AS "timeLimitMinutes",
      coalesce(fu.invited, 0) AS "invited", coalesce(fu.started, 0) AS "started", coalesce(fu.submitted, 0) AS "submitted",
      x.n AS "submissionsInWindow", x.auto AS "autoSubmitted", x.median_minutes AS "medianMinutesUsed",
      x.ratings AS "ratingsCount", x.length AS "avgLength", x.learning AS "avgLearning", x.usefulness AS "avgFeedbackUsefulness"
    FROM assessments a
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n, count(*) FILTER (WHERE f.auto_submitted)::int AS auto,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY f.minutes_used) AS median_minutes,
        -- One per rating given: after submitting, length is always there; after feedback, usefulness is (older
        -- ratings may have only length), so the count matches the candidate_ratings rows.
        (count(f.submit_length) + count(coalesce(f.feedback_usefulness, f.feedback_length)))::int AS ratings,
        ${BOTH_STAGES_AVG('length')} AS length, ${BOTH_STAGES_AVG('learning')} AS learning,
        avg(f.feedback_usefulness)::float8 AS usefulness
      FROM submission_facts f WHERE f.assessment_id = a.id AND ${FACTS_IN_WINDOW('f')}) x
    LEFT JOIN funnel fu ON fu.assessment_id = a.id
    WHERE ($3::uuid IS NULL OR a.id = $3) AND (x.n > 0 OR fu.assessment_id IS NOT NULL))
  SELECT (SELECT row_to_json(h) FROM headline h) AS "headline",
    (SELECT coalesce(json_agg(r ORDER BY r.name, r.id), '[]') FROM reviewer_rows r) AS "reviewers",
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
      `SELECT date_trunc('week', f.submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "weekStart",
         count(*)::int AS "submissions", count(f.feedback_sent_at)::int AS "feedbackSent",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY f.hours_to_feedback) AS "p50",
         percentile_cont(0.9) WITHIN GROUP (ORDER BY f.hours_to_feedback) AS "p90",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HOURS('f.feedback_due_at', 'f.submitted_at')}) AS "dueHours"
       FROM submission_facts f WHERE ${FACTS_IN_WINDOW('f')} GROUP BY 1 ORDER BY 1`,
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
   * The latest candidates' comments on their feedback, for the window's submissions (same filters as the
   * report). Walks candidate_ratings_feedback_comment_idx newest first, so only commented ratings are read.
   */
  latestFeedbackComments(f: MetricsFilter, limit: number): Promise<FeedbackCommentRow[]> {
    return this.read<FeedbackCommentRow[]>(
      `SELECT a.title AS "assessmentTitle", f.reviewed_by AS "reviewerId", u.name AS "reviewerName", cr.feedback_usefulness AS "feedbackUsefulness",
         cr.comment, cr.created_at AS "createdAt"
       FROM candidate_ratings cr
       JOIN submission_facts f ON f.invitation_id = cr.invitation_id
       JOIN assessments a ON a.id = f.assessment_id
       LEFT JOIN users u ON u.id = f.reviewed_by
       WHERE cr.stage = 'after_feedback' AND cr.comment IS NOT NULL AND ${FACTS_IN_WINDOW('f')}
       ORDER BY cr.created_at DESC, cr.invitation_id
       LIMIT $5`,
      [...this.params(f), limit],
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
         s.feedback_breached_at AS "feedbackBreachedAt",
         inv.candidate_name AS "candidateName", inv.candidate_email AS "candidateEmail",
         ru.name AS "reviewerName", ru.email AS "reviewerEmail"
       FROM sub s
       JOIN assessments a ON a.id = s.assessment_id
       JOIN invitations inv ON inv.id = s.id
       LEFT JOIN LATERAL (
         SELECT min(r.claimed_at) AS claimed_at,
           coalesce((array_agg(r.reviewer_id) FILTER (WHERE r.status = 'completed'))[1],
                    (array_agg(r.reviewer_id) FILTER (WHERE r.status = 'active'))[1]) AS reviewer_id
         FROM reviews r WHERE r.invitation_id = s.id) c ON true
       LEFT JOIN users ru ON ru.id = c.reviewer_id
       ORDER BY s.submitted_at, s.id`,
      [...this.params(f), after?.submittedAt ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Every assessment a recruiter may want to filter by, whatever the window: the published ones and any with
   * invitations (a test being revised is a draft again but keeps its history).
   */
  assessmentOptions(): Promise<AssessmentOptionRow[]> {
    return this.db.query<AssessmentOptionRow[]>(
      `SELECT a.id, a.title FROM assessments a
       WHERE a.status = 'published' OR EXISTS (SELECT 1 FROM invitations i WHERE i.assessment_id = a.id)
       ORDER BY a.title, a.id`,
    );
  }

  /** Every reviewer account, plus anyone else who ever claimed a submission (an admin, say). */
  reviewerOptions(): Promise<ReviewerOptionRow[]> {
    return this.db.query<ReviewerOptionRow[]>(
      `SELECT u.id, u.name, u.email FROM users u
       WHERE u.role = 'reviewer' OR EXISTS (SELECT 1 FROM reviews r WHERE r.reviewer_id = u.id)
       ORDER BY u.name, u.email, u.id`,
    );
  }

  /**
   * The submissions awaiting feedback now (not windowed), oldest first, with their active claim's reviewer;
   * optionally one assessment and only those a given reviewer holds. `total` counts them all.
   */
  async waiting(assessmentId: string | null, reviewerId: string | null, limit: number): Promise<WaitingPage> {
    const rows = await this.db.query<(WaitingRow & { total: number })[]>(
      `SELECT i.id AS "invitationId", i.candidate_name AS "candidateName", i.candidate_email AS "candidateEmail",
         a.title AS "assessmentTitle", i.submitted_at AS "submittedAt", i.feedback_due_at AS "feedbackDueAt",
         r.reviewer_id AS "claimerId", u.name AS "claimerName", u.email AS "claimerEmail",
         (count(*) OVER ())::int AS "total"
       FROM invitations i
       JOIN assessments a ON a.id = i.assessment_id
       LEFT JOIN reviews r ON r.invitation_id = i.id AND r.status = 'active'
       LEFT JOIN users u ON u.id = r.reviewer_id
       WHERE i.status IN ('submitted', 'in_review')
         AND ($1::uuid IS NULL OR i.assessment_id = $1)
         AND ($2::uuid IS NULL OR r.reviewer_id = $2)
       ORDER BY i.submitted_at, i.id
       LIMIT $3`,
      [assessmentId, reviewerId, limit],
    );
    // The window function counts every matching row before LIMIT keeps the oldest.
    const total = rows[0]?.total ?? 0;
    for (const row of rows) delete (row as Partial<typeof row>).total;
    return { rows, total };
  }

  /**
   * VACUUM (ANALYZE) the rollup when rows changed since it was last vacuumed. An index-only scan reads the
   * table for every row on a page not marked all-visible; recent submissions' rows change as they are claimed
   * and answered, and the server's autovacuum may come late or be off. Returns whether it ran.
   */
  async vacuumRollupIfChanged(): Promise<boolean> {
    const [row] = await this.db.query<{ changed: boolean }[]>(
      `SELECT n_dead_tup + n_ins_since_vacuum > 0 AS changed FROM pg_stat_user_tables WHERE relid = 'submission_facts'::regclass`,
    );
    if (!row?.changed) return false;
    await this.db.query(`VACUUM (ANALYZE) submission_facts`);
    return true;
  }
}
