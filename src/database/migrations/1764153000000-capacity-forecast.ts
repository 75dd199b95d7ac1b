import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The capacity forecast: its warning is a feedback notice like the others (once per submission, by the primary
 * key), and its pace reads the reviews completed lately, by their end. And a last notice: the delay notice's
 * promised date has passed too.
 */
export class CapacityForecast1764153000000 implements MigrationInterface {
  name = 'CapacityForecast1764153000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feedback_notices DROP CONSTRAINT feedback_notices_kind_check`);
    await q.query(`ALTER TABLE feedback_notices ADD CONSTRAINT feedback_notices_kind_check
      CHECK (kind IN ('reminder_50', 'reminder_90', 'breach', 'late_notice', 'promise_missed', 'at_risk'))`);
    await q.query(
      `CREATE INDEX reviews_completed_ended_idx ON reviews (ended_at) INCLUDE (reviewer_id) WHERE status = 'completed'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reviews_completed_ended_idx`);
    await q.query(`DELETE FROM feedback_notices WHERE kind IN ('at_risk', 'promise_missed')`);
    await q.query(`ALTER TABLE feedback_notices DROP CONSTRAINT feedback_notices_kind_check`);
    await q.query(`ALTER TABLE feedback_notices ADD CONSTRAINT feedback_notices_kind_check
      CHECK (kind IN ('reminder_50', 'reminder_90', 'breach', 'late_notice'))`);
  }
}
