import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The late notice tells the candidate a new date; it is stored so the feedback endpoint can repeat it. */
export class FeedbackNoticePromise1764148000000 implements MigrationInterface {
  name = 'FeedbackNoticePromise1764148000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feedback_notices ADD COLUMN promised_at timestamptz`);
    // The notice sweep looks for pending submissions by their feedback deadline.
    await q.query(
      `CREATE INDEX invitations_feedback_pending_idx ON invitations (feedback_due_at) WHERE status IN ('submitted', 'in_review')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX invitations_feedback_pending_idx`);
    await q.query(`ALTER TABLE feedback_notices DROP COLUMN promised_at`);
  }
}
