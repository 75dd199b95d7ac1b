import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The candidate rates the feedback itself (how useful, and a comment) without being asked again about the
 * test: `length`/`learning` become optional after feedback and stay required after submitting. The
 * submission_facts rollup copies these columns as they are (its columns were nullable already) and the report
 * averages with avg()/count(), which skip nulls.
 */
export class CandidateRatingComment1764150100000 implements MigrationInterface {
  name = 'CandidateRatingComment1764150100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE candidate_ratings ALTER COLUMN length DROP NOT NULL, ALTER COLUMN learning DROP NOT NULL`,
    );
    await q.query(`
      ALTER TABLE candidate_ratings
        ADD CONSTRAINT candidate_ratings_submit_scores_check CHECK (stage <> 'after_submit' OR (length IS NOT NULL AND learning IS NOT NULL)),
        -- A rating after feedback rates something: the feedback, or (as before this migration) the test.
        ADD CONSTRAINT candidate_ratings_feedback_scores_check
          CHECK (stage <> 'after_feedback' OR feedback_usefulness IS NOT NULL OR (length IS NOT NULL AND learning IS NOT NULL)),
        ADD COLUMN comment text CONSTRAINT candidate_ratings_comment_check CHECK (char_length(comment) BETWEEN 1 AND 2000)`);
    // The dashboard lists the latest comments on feedback: few ratings have one, so the index holds only those.
    await q.query(`
      CREATE INDEX candidate_ratings_feedback_comment_idx ON candidate_ratings (created_at DESC)
      WHERE stage = 'after_feedback' AND comment IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Ratings without length/learning cannot exist in the old schema; the rollup is refreshed for them
    // (its triggers fire on insert and update, not on delete).
    const gone = (await q.query(
      `DELETE FROM candidate_ratings WHERE length IS NULL OR learning IS NULL RETURNING invitation_id`,
    )) as [{ invitation_id: string }[], number];
    await q.query(`SELECT refresh_submission_facts($1::uuid[])`, [gone[0].map((r) => r.invitation_id)]);
    await q.query(`DROP INDEX candidate_ratings_feedback_comment_idx`);
    await q.query(`
      ALTER TABLE candidate_ratings DROP COLUMN comment,
        DROP CONSTRAINT candidate_ratings_feedback_scores_check, DROP CONSTRAINT candidate_ratings_submit_scores_check,
        ALTER COLUMN length SET NOT NULL, ALTER COLUMN learning SET NOT NULL`);
  }
}
