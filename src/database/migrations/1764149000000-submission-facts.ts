import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The rollup's columns, in the order submission_facts_source yields them. */
const COLUMNS = [
  'invitation_id',
  'assessment_id',
  'submitted_at',
  'auto_submitted',
  'minutes_used',
  'first_claimed_at',
  'hours_to_claim',
  'reviewed_by',
  'feedback_due_at',
  'feedback_sent_at',
  'hours_to_feedback',
  'breached',
  'submit_length',
  'submit_learning',
  'feedback_length',
  'feedback_learning',
  'feedback_usefulness',
].join(', ');

/** Changes to any of these invitation columns change a submission's facts. */
const SOURCE_COLUMNS = [
  'assessment_id',
  'started_at',
  'submitted_at',
  'submitted_by',
  'feedback_due_at',
  'feedback_sent_at',
  'feedback_breached_at',
];

/**
 * The turnaround metrics' rollup: one narrow row per submission with what the report aggregates already
 * worked out (first claim, the reviewer who completed it, durations in hours/minutes, the candidate's
 * ratings), so a month's report is index-only scans of one table instead of joining and grouping
 * reviews and ratings on every call (`npm run bench:metrics`).
 *
 * Triggers keep it: every write to invitations, reviews or candidate_ratings that changes a fact recomputes
 * the affected rows from those tables in the same transaction, so the rollup is exact and cannot drift
 * whatever path wrote (services, sweeps, factories, bulk SQL). Inserts use statement triggers over the
 * transition table (a bulk load refreshes once, set-based); updates use row triggers with a WHEN, so an
 * unrelated update (autosave, lease renewal) costs nothing.
 */
export class SubmissionFacts1764149000000 implements MigrationInterface {
  name = 'SubmissionFacts1764149000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE submission_facts (
        invitation_id uuid PRIMARY KEY REFERENCES invitations (id) ON DELETE CASCADE,
        assessment_id uuid NOT NULL,
        submitted_at timestamptz NOT NULL,
        auto_submitted boolean NOT NULL,
        minutes_used float8,
        first_claimed_at timestamptz,
        hours_to_claim float8,
        reviewed_by uuid,
        feedback_due_at timestamptz,
        feedback_sent_at timestamptz,
        hours_to_feedback float8,
        breached boolean NOT NULL,
        submit_length smallint,
        submit_learning smallint,
        feedback_length smallint,
        feedback_learning smallint,
        feedback_usefulness smallint
      )`);
    // The report reads recent rows index-only; that needs a fresh visibility map, so vacuum this table early.
    await q.query(`
      ALTER TABLE submission_facts SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01,
        autovacuum_analyze_scale_factor = 0.02)`);
    // One index per way the report reads a window: all of it, per assessment, per completing reviewer.
    await q.query(`
      CREATE INDEX submission_facts_window_idx ON submission_facts (submitted_at)
      INCLUDE (invitation_id, assessment_id, hours_to_claim, hours_to_feedback, feedback_due_at, feedback_sent_at, breached, reviewed_by)`);
    await q.query(`
      CREATE INDEX submission_facts_assessment_idx ON submission_facts (assessment_id, submitted_at)
      INCLUDE (invitation_id, auto_submitted, minutes_used, submit_length, submit_learning, feedback_length, feedback_learning, feedback_usefulness)`);
    await q.query(`
      CREATE INDEX submission_facts_reviewer_idx ON submission_facts (reviewed_by, submitted_at)
      INCLUDE (invitation_id, assessment_id, hours_to_feedback, feedback_usefulness) WHERE reviewed_by IS NOT NULL`);
    // The claims that did not end in feedback (in progress, revoked at a breach, released, expired), by time.
    await q.query(`
      CREATE INDEX reviews_unfinished_claimed_at_idx ON reviews (claimed_at) INCLUDE (invitation_id, reviewer_id, status)
      WHERE status <> 'completed'`);

    // Durations are computed exactly as the report did before (numeric, then float8), so figures do not move.
    await q.query(`
      CREATE VIEW submission_facts_source AS
      SELECT i.id AS invitation_id, i.assessment_id, i.submitted_at, i.submitted_by = 'deadline' AS auto_submitted,
        (extract(epoch FROM i.submitted_at - i.started_at) / 60.0)::float8 AS minutes_used,
        c.first_claimed_at,
        (extract(epoch FROM c.first_claimed_at - i.submitted_at) / 3600.0)::float8 AS hours_to_claim,
        c.reviewed_by,
        i.feedback_due_at, i.feedback_sent_at,
        (extract(epoch FROM i.feedback_sent_at - i.submitted_at) / 3600.0)::float8 AS hours_to_feedback,
        i.feedback_breached_at IS NOT NULL AS breached,
        rs.length AS submit_length, rs.learning AS submit_learning,
        rf.length AS feedback_length, rf.learning AS feedback_learning, rf.feedback_usefulness
      FROM invitations i
      -- LATERAL so a refresh of one submission reads only its own claims: PostgreSQL does not push a join
      -- key into a grouped subquery, and a grouped one cost 180 ms per refresh at a million reviews.
      CROSS JOIN LATERAL (
        SELECT min(r.claimed_at) AS first_claimed_at,
          (array_agg(r.reviewer_id) FILTER (WHERE r.status = 'completed'))[1] AS reviewed_by
        FROM reviews r WHERE r.invitation_id = i.id) c
      LEFT JOIN candidate_ratings rs ON rs.invitation_id = i.id AND rs.stage = 'after_submit'
      LEFT JOIN candidate_ratings rf ON rf.invitation_id = i.id AND rf.stage = 'after_feedback'
      WHERE i.submitted_at IS NOT NULL`);

    const assignments = `(${COLUMNS}) = ROW(${COLUMNS.split(', ')
      .map((c) => `EXCLUDED.${c}`)
      .join(', ')})`;
    // Two transactions touching one submission (a claim, a rating) must not both compute from what they saw
    // before the other committed: locking the invitation rows first serialises them, and the upsert (a new
    // statement, so a new snapshot under READ COMMITTED) then sees the other's committed writes.
    await q.query(`
      CREATE FUNCTION refresh_submission_facts(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM invitations i JOIN unnest(ids) AS t(id) ON i.id = t.id
        WHERE i.submitted_at IS NOT NULL ORDER BY i.id FOR NO KEY UPDATE OF i;
        INSERT INTO submission_facts (${COLUMNS})
        SELECT ${COLUMNS} FROM submission_facts_source s JOIN unnest(ids) AS t(id) ON s.invitation_id = t.id
        ON CONFLICT (invitation_id) DO UPDATE SET ${assignments};
      END $$`);
    await q.query(`
      CREATE FUNCTION refresh_submission_facts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'invitations' THEN
          PERFORM refresh_submission_facts(ARRAY(SELECT id FROM inserted WHERE submitted_at IS NOT NULL));
        ELSE
          PERFORM refresh_submission_facts(ARRAY(SELECT DISTINCT invitation_id FROM inserted));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION refresh_submission_fact_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Branches, not CASE: PL/pgSQL resolves NEW's fields only in the branch that runs.
        IF TG_TABLE_NAME = 'invitations' THEN
          PERFORM refresh_submission_facts(ARRAY[NEW.id]);
        ELSE
          PERFORM refresh_submission_facts(ARRAY[NEW.invitation_id]);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['invitations', 'reviews', 'candidate_ratings']) {
      await q.query(`
        CREATE TRIGGER ${table}_facts_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION refresh_submission_facts_inserted()`);
    }
    const changed = SOURCE_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
    await q.query(`
      CREATE TRIGGER invitations_facts_update AFTER UPDATE ON invitations
      FOR EACH ROW WHEN (NEW.submitted_at IS NOT NULL AND (${changed})) EXECUTE FUNCTION refresh_submission_fact_updated()`);
    await q.query(`
      CREATE TRIGGER reviews_facts_update AFTER UPDATE ON reviews
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.claimed_at IS DISTINCT FROM NEW.claimed_at
        OR OLD.reviewer_id IS DISTINCT FROM NEW.reviewer_id) EXECUTE FUNCTION refresh_submission_fact_updated()`);
    await q.query(`
      CREATE TRIGGER candidate_ratings_facts_update AFTER UPDATE ON candidate_ratings
      FOR EACH ROW EXECUTE FUNCTION refresh_submission_fact_updated()`);

    // The history so far.
    await q.query(`INSERT INTO submission_facts (${COLUMNS}) SELECT ${COLUMNS} FROM submission_facts_source`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER candidate_ratings_facts_update ON candidate_ratings`);
    await q.query(`DROP TRIGGER reviews_facts_update ON reviews`);
    await q.query(`DROP TRIGGER invitations_facts_update ON invitations`);
    for (const table of ['invitations', 'reviews', 'candidate_ratings'])
      await q.query(`DROP TRIGGER ${table}_facts_insert ON ${table}`);
    await q.query(`DROP FUNCTION refresh_submission_fact_updated`);
    await q.query(`DROP FUNCTION refresh_submission_facts_inserted`);
    await q.query(`DROP FUNCTION refresh_submission_facts`);
    await q.query(`DROP VIEW submission_facts_source`);
    await q.query(`DROP INDEX reviews_unfinished_claimed_at_idx`);
    await q.query(`DROP TABLE submission_facts`);
  }
}
