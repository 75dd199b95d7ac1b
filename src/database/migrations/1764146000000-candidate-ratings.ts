import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CandidateRatings1764146000000 implements MigrationInterface {
  name = 'CandidateRatings1764146000000';

  async up(q: QueryRunner): Promise<void> {
    // The candidate's view of the experience: once after submitting, once after reading the feedback.
    await q.query(`
      CREATE TABLE candidate_ratings (
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        stage text NOT NULL CONSTRAINT candidate_ratings_stage_check CHECK (stage IN ('after_submit', 'after_feedback')),
        length smallint NOT NULL CHECK (length BETWEEN 1 AND 5),
        learning smallint NOT NULL CHECK (learning BETWEEN 1 AND 5),
        feedback_usefulness smallint CHECK (feedback_usefulness BETWEEN 1 AND 5),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (invitation_id, stage),
        -- There is no feedback to judge before it is sent.
        CONSTRAINT candidate_ratings_usefulness_check CHECK (stage = 'after_feedback' OR feedback_usefulness IS NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE candidate_ratings`);
  }
}
