import { HOURS, SUBMISSIONS } from '../src/metrics/metrics.repository.js';

/**
 * The baseline `npm run bench:metrics` measures against: the turnaround report statement as it was before the
 * submission_facts rollup (migration 1764149000000), joining and grouping the window's invitations, reviews and
 * ratings on every call with the metrics indexes of 1764146100000. Same parameters, same result rows. The window
 * selection and the hour arithmetic are the service's own, so both reports read the same submissions.
 */
export const BASELINE_REPORT_SQL = `
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
