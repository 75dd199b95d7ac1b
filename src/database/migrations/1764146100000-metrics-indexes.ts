import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes for the turnaround metrics (measured with `npm run bench:metrics` on one million submissions).
 * The covering submitted_at index answers a window's submissions from the index alone; the claimed_at one
 * bounds the reviews of that window (a claim never precedes its submission).
 */
export class MetricsIndexes1764146100000 implements MigrationInterface {
  name = 'MetricsIndexes1764146100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX invitations_submitted_cover_idx ON invitations (submitted_at)
      INCLUDE (id, assessment_id, status, started_at, submitted_by, feedback_due_at, feedback_sent_at, feedback_breached_at)
      WHERE submitted_at IS NOT NULL`);
    // Superseded by the covering index above.
    await q.query(`DROP INDEX invitations_submitted_at_idx`);
    await q.query(
      `CREATE INDEX invitations_created_at_idx ON invitations (created_at) INCLUDE (assessment_id, started_at, submitted_at)`,
    );
    await q.query(
      `CREATE INDEX reviews_claimed_at_idx ON reviews (claimed_at) INCLUDE (invitation_id, reviewer_id, status)`,
    );
    await q.query(
      `CREATE INDEX reviews_invitation_idx ON reviews (invitation_id, claimed_at) INCLUDE (reviewer_id, status)`,
    );
    // Ratings of a window: a rating never precedes its submission.
    await q.query(`
      CREATE INDEX candidate_ratings_created_at_idx ON candidate_ratings (created_at)
      INCLUDE (invitation_id, stage, length, learning, feedback_usefulness)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX candidate_ratings_created_at_idx`);
    await q.query(`DROP INDEX reviews_invitation_idx`);
    await q.query(`DROP INDEX reviews_claimed_at_idx`);
    await q.query(`DROP INDEX invitations_created_at_idx`);
    await q.query(
      `CREATE INDEX invitations_submitted_at_idx ON invitations (submitted_at) WHERE submitted_at IS NOT NULL`,
    );
    await q.query(`DROP INDEX invitations_submitted_cover_idx`);
  }
}
