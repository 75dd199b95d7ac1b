import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AssessmentsAndReviews1764140100000 implements MigrationInterface {
  name = 'AssessmentsAndReviews1764140100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        role_title text NOT NULL,
        team text,
        time_limit_minutes integer NOT NULL CHECK (time_limit_minutes BETWEEN 1 AND 480),
        start_window_days integer NOT NULL CHECK (start_window_days BETWEEN 1 AND 60),
        feedback_due_hours integer NOT NULL CHECK (feedback_due_hours BETWEEN 1 AND 720),
        sections jsonb NOT NULL,
        rubric jsonb NOT NULL,
        status text NOT NULL CONSTRAINT assessments_status_check CHECK (status IN ('draft', 'published')),
        version integer NOT NULL DEFAULT 0,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        published_at timestamptz
      )`);

    // Frozen content of each published version: an invitation points at exactly one.
    await q.query(`
      CREATE TABLE assessment_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        version integer NOT NULL,
        title text NOT NULL,
        role_title text NOT NULL,
        team text,
        time_limit_minutes integer NOT NULL,
        feedback_due_hours integer NOT NULL,
        sections jsonb NOT NULL,
        rubric jsonb NOT NULL,
        published_at timestamptz NOT NULL,
        UNIQUE (assessment_id, version)
      )`);

    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        assessment_version_id uuid NOT NULL REFERENCES assessment_versions (id),
        candidate_name text NOT NULL,
        candidate_email text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        status text NOT NULL CONSTRAINT invitations_status_check CHECK (status IN
          ('invited', 'started', 'submitted', 'in_review', 'feedback_sent', 'expired', 'withdrawn')),
        time_limit_minutes integer NOT NULL,
        extra_minutes integer NOT NULL DEFAULT 0 CHECK (extra_minutes >= 0),
        extension_minutes integer NOT NULL DEFAULT 0 CHECK (extension_minutes >= 0),
        start_by timestamptz NOT NULL,
        started_at timestamptz,
        deadline timestamptz,
        submitted_at timestamptz,
        submitted_by text CONSTRAINT invitations_submitted_by_check CHECK (submitted_by IN ('candidate', 'deadline')),
        submit_processed_at timestamptz,
        feedback_due_hours integer NOT NULL,
        feedback_due_at timestamptz,
        feedback_sent_at timestamptz,
        feedback_breached_at timestamptz,
        invited_by uuid REFERENCES users (id),
        source text NOT NULL DEFAULT 'staff' CONSTRAINT invitations_source_check CHECK (source IN ('staff', 'greenhouse', 'ashby')),
        external_ref text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX invitations_assessment_idx ON invitations (assessment_id, created_at)`);
    await q.query(`CREATE INDEX invitations_start_by_idx ON invitations (start_by) WHERE status = 'invited'`);
    await q.query(`CREATE INDEX invitations_deadline_idx ON invitations (deadline) WHERE status = 'started'`);
    // The review queue: unclaimed submissions, most urgent first.
    await q.query(`CREATE INDEX invitations_queue_idx ON invitations (feedback_due_at) WHERE status = 'submitted'`);
    await q.query(
      `CREATE INDEX invitations_submitted_at_idx ON invitations (submitted_at) WHERE submitted_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE extensions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 240),
        reason text NOT NULL,
        granted_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX extensions_invitation_idx ON extensions (invitation_id)`);

    await q.query(`
      CREATE TABLE answers (
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        question_key text NOT NULL,
        value text NOT NULL,
        revision integer NOT NULL,
        saved_at timestamptz NOT NULL,
        PRIMARY KEY (invitation_id, question_key)
      )`);

    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        reviewer_id uuid NOT NULL REFERENCES users (id),
        status text NOT NULL CONSTRAINT reviews_status_check CHECK (status IN ('active', 'completed', 'released', 'expired', 'revoked')),
        claimed_at timestamptz NOT NULL,
        lease_expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        draft jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    // The database itself refuses a second live claim or a second completion of one submission.
    await q.query(`CREATE UNIQUE INDEX reviews_one_active_idx ON reviews (invitation_id) WHERE status = 'active'`);
    await q.query(
      `CREATE UNIQUE INDEX reviews_one_completed_idx ON reviews (invitation_id) WHERE status = 'completed'`,
    );
    await q.query(`CREATE INDEX reviews_reviewer_idx ON reviews (reviewer_id, status)`);
    await q.query(`CREATE INDEX reviews_lease_idx ON reviews (lease_expires_at) WHERE status = 'active'`);

    // Delivered feedback: written once, never updated or deleted.
    await q.query(`
      CREATE TABLE feedback (
        invitation_id uuid PRIMARY KEY REFERENCES invitations (id),
        review_id uuid NOT NULL UNIQUE REFERENCES reviews (id),
        reviewer_id uuid NOT NULL REFERENCES users (id),
        decision text NOT NULL CONSTRAINT feedback_decision_check CHECK (decision IN ('advance', 'reject')),
        scores jsonb NOT NULL,
        criteria jsonb NOT NULL,
        summary text NOT NULL,
        strengths text NOT NULL,
        improvements text NOT NULL,
        sent_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX feedback_reviewer_idx ON feedback (reviewer_id)`);
    await q.query(`
      CREATE TRIGGER feedback_immutable BEFORE UPDATE OR DELETE ON feedback
      FOR EACH ROW EXECUTE FUNCTION forbid_change()`);

    // Each reminder, breach and delay notice is sent at most once per submission.
    await q.query(`
      CREATE TABLE feedback_notices (
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        kind text NOT NULL CONSTRAINT feedback_notices_kind_check CHECK (kind IN ('reminder_50', 'reminder_90', 'breach', 'late_notice')),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (invitation_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'feedback_notices',
      'feedback',
      'reviews',
      'answers',
      'extensions',
      'invitations',
      'assessment_versions',
      'assessments',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
