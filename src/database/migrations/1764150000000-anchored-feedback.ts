import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { type RubricCriterion } from '../../assessments/assessment.entity.js';
import { feedbackTexts, foldText, sentenceFingerprints } from '../../reviews/feedback-rules.js';
import { nearCopyBands } from '../../reviews/near-copy-bands.js';

const BACKFILL_BATCH = 500;

/**
 * Feedback about this candidate's work: comments anchored to passages of the answers, a minimum of them per
 * assessment, and the indexes behind the near-copy and boilerplate rules (the folded text of every field ever
 * sent with its MinHash bands under a GIN index, see near-copy-bands.ts; one row per sentence fingerprint and
 * submission). pg_trgm gives the similarity() that narrows the candidates in SQL. A second candidate link, sent with the
 * feedback, is stored hashed like the first.
 */
export class AnchoredFeedback1764150000000 implements MigrationInterface {
  name = 'AnchoredFeedback1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const table of ['assessments', 'assessment_versions']) {
      await q.query(
        `ALTER TABLE ${table} ADD COLUMN min_anchored_comments integer NOT NULL DEFAULT 1 CHECK (min_anchored_comments BETWEEN 0 AND 20)`,
      );
    }
    // Existing feedback had no anchored comments; new feedback stores [{questionKey, quote: {exact, prefix, suffix, start, end}, text}].
    await q.query(`ALTER TABLE feedback ADD COLUMN comments jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE invitations ADD COLUMN feedback_token_hash text UNIQUE`);

    await q.query(`
      CREATE TABLE feedback_texts (
        invitation_id uuid NOT NULL REFERENCES feedback (invitation_id),
        field text NOT NULL,
        reviewer_id uuid NOT NULL,
        folded text NOT NULL,
        bands bigint[] NOT NULL,
        PRIMARY KEY (invitation_id, field)
      )`);
    await q.query(`CREATE INDEX feedback_texts_bands_idx ON feedback_texts USING gin (bands)`);
    await q.query(`
      CREATE TABLE feedback_sentences (
        fingerprint text NOT NULL,
        invitation_id uuid NOT NULL REFERENCES feedback (invitation_id),
        PRIMARY KEY (fingerprint, invitation_id)
      )`);

    // Feedback already sent counts for the copy rules too. Folding is Unicode work done in the application's
    // code (the confusables skeleton), so the backfill runs here rather than in SQL.
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = (await q.query(
        `SELECT f.invitation_id, f.reviewer_id, f.summary, f.strengths, f.improvements, f.criteria, v.rubric
           FROM feedback f JOIN invitations i ON i.id = f.invitation_id JOIN assessment_versions v ON v.id = i.assessment_version_id
          WHERE f.invitation_id > $1 ORDER BY f.invitation_id LIMIT ${BACKFILL_BATCH}`,
        [after],
      )) as {
        invitation_id: string;
        reviewer_id: string;
        summary: string;
        strengths: string;
        improvements: string;
        criteria: Record<string, string>;
        rubric: RubricCriterion[];
      }[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const texts = feedbackTexts(r, r.rubric, 0);
        const rows = texts.map((t) => ({ field: t.field, folded: foldText(t.text) }));
        await q.query(
          `INSERT INTO feedback_texts (invitation_id, field, reviewer_id, folded, bands)
           SELECT $1::uuid, field, $2::uuid, folded, bands FROM jsonb_to_recordset($3::jsonb) AS t(field text, folded text, bands bigint[])
           ON CONFLICT DO NOTHING`,
          [r.invitation_id, r.reviewer_id, JSON.stringify(rows.map((t) => ({ ...t, bands: nearCopyBands(t.folded) })))],
        );
        await q.query(
          `INSERT INTO feedback_sentences (fingerprint, invitation_id) SELECT DISTINCT unnest($2::text[]), $1::uuid ON CONFLICT DO NOTHING`,
          [r.invitation_id, texts.flatMap((t) => sentenceFingerprints(t.text))],
        );
      }
      after = rows[rows.length - 1].invitation_id;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feedback_sentences`);
    await q.query(`DROP TABLE feedback_texts`);
    await q.query(`ALTER TABLE invitations DROP COLUMN feedback_token_hash`);
    await q.query(`ALTER TABLE feedback DROP COLUMN comments`);
    for (const table of ['assessments', 'assessment_versions'])
      await q.query(`ALTER TABLE ${table} DROP COLUMN min_anchored_comments`);
  }
}
