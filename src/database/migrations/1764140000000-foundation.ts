import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Foundation1764140000000 implements MigrationInterface {
  name = 'Foundation1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CONSTRAINT users_role_check CHECK (role IN ('admin', 'recruiter', 'reviewer')),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    // Append-only audit trail: every state change of an invitation, attempt or review lands here.
    await q.query(`
      CREATE TABLE events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        aggregate_type text NOT NULL,
        aggregate_id uuid NOT NULL,
        invitation_id uuid,
        type text NOT NULL,
        actor_type text NOT NULL CONSTRAINT events_actor_type_check CHECK (actor_type IN ('staff', 'candidate', 'system', 'integration')),
        actor_id uuid,
        data jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX events_invitation_idx ON events (invitation_id, occurred_at)`);
    await q.query(`CREATE INDEX events_type_idx ON events (type, occurred_at)`);
    await q.query(`
      CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME; END $$`);
    await q.query(`
      CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION forbid_change()`);

    // Transactional outbox: mail is written with the state change and delivered by a retried job.
    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key text NOT NULL UNIQUE,
        to_address text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text,
        status text NOT NULL DEFAULT 'pending' CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox_messages (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_messages`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION forbid_change`);
    await q.query(`DROP TABLE users`);
  }
}
