import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Erasure and retention (issue #19). An erased invitation keeps its row (ids, times, status: the metrics and the
 * reviewer's history) with tombstones for the candidate's name, email and tokens, and `erased_at` set. Each
 * erasure is recorded with a hash of the address, never the address. Mail that was waiting for an erased address
 * is cancelled, a status of its own. The delivered feedback stays immutable but for one change: the passages of
 * the candidate's answers its comments quote are blanked once the invitation is erased.
 */
export class Privacy1764157000000 implements MigrationInterface {
  name = 'Privacy1764157000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations ADD COLUMN erased_at timestamptz`);
    // An erasure finds a candidate's invitations by address (compared as stored: trimmed, any case).
    await q.query(`CREATE INDEX invitations_candidate_email_idx ON invitations (lower(btrim(candidate_email)))`);
    // The retention job reads invitations not yet erased, oldest change first (see src/privacy/retention.ts).
    await q.query(`CREATE INDEX invitations_retention_idx ON invitations (updated_at, id) WHERE erased_at IS NULL`);

    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_status_check`);
    await q.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_status_check
      CHECK (status IN ('pending', 'sent', 'failed', 'cancelled'))`);
    await q.query(`CREATE INDEX outbox_messages_to_idx ON outbox_messages (lower(btrim(to_address)))`);

    // Who erased, when, how many invitations and why; the address only as a keyed hash (erasure-hash.ts).
    await q.query(`
      CREATE TABLE privacy_erasures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CONSTRAINT privacy_erasures_kind_check CHECK (kind IN ('request', 'retention')),
        email_hash text,
        reason text,
        invitations integer NOT NULL CHECK (invitations >= 0),
        erased_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX privacy_erasures_email_hash_idx ON privacy_erasures (email_hash, created_at)`);

    // A comment list with every quote's passage and context blanked (offsets and the reviewer's words kept).
    await q.query(`
      CREATE FUNCTION erase_quotes(comments jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(jsonb_agg(
                 CASE WHEN jsonb_typeof(c -> 'quote') = 'object'
                      THEN jsonb_set(c, '{quote}', (c -> 'quote') || '{"exact": "", "prefix": "", "suffix": ""}'::jsonb)
                      ELSE c END
                 ORDER BY n), '[]'::jsonb)
          FROM jsonb_array_elements(comments) WITH ORDINALITY AS t(c, n)
      $$`);
    await q.query(`
      CREATE FUNCTION feedback_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND (to_jsonb(NEW) - 'comments') = (to_jsonb(OLD) - 'comments')
           AND NEW.comments = erase_quotes(OLD.comments)
           AND EXISTS (SELECT 1 FROM invitations i WHERE i.id = OLD.invitation_id AND i.erased_at IS NOT NULL) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
      END $$`);
    await q.query(`DROP TRIGGER feedback_immutable ON feedback`);
    await q.query(`
      CREATE TRIGGER feedback_immutable BEFORE UPDATE OR DELETE ON feedback
      FOR EACH ROW EXECUTE FUNCTION feedback_forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER feedback_immutable ON feedback`);
    await q.query(`
      CREATE TRIGGER feedback_immutable BEFORE UPDATE OR DELETE ON feedback
      FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
    await q.query(`DROP FUNCTION feedback_forbid_change`);
    await q.query(`DROP FUNCTION erase_quotes`);
    await q.query(`DROP TABLE privacy_erasures`);
    await q.query(`DROP INDEX outbox_messages_to_idx`);
    await q.query(`UPDATE outbox_messages SET status = 'failed' WHERE status = 'cancelled'`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_status_check`);
    await q.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_status_check
      CHECK (status IN ('pending', 'sent', 'failed'))`);
    await q.query(`DROP INDEX invitations_retention_idx`);
    await q.query(`DROP INDEX invitations_candidate_email_idx`);
    await q.query(`ALTER TABLE invitations DROP COLUMN erased_at`);
  }
}
