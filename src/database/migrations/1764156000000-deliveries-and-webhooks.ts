import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Outbound calls (issue #18): webhooks admins register, and one `deliveries` outbox for every call Candor makes
 * (webhooks, Greenhouse's completion PATCH, Ashby's assessment.update), written in the transaction of the change
 * that caused it, with every attempt kept. An Ashby key can hold the customer's Ashby API key, which Candor needs
 * to call Ashby; like a webhook's secret and Greenhouse's callback credential it is used, not compared, so it is
 * sealed (SecretBox), not hashed, and never listed.
 */
export class DeliveriesAndWebhooks1764156000000 implements MigrationInterface {
  name = 'DeliveriesAndWebhooks1764156000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE integration_keys ADD COLUMN ashby_api_key text, ADD COLUMN ashby_api_url text`);
    // Greenhouse's completion PATCH carries the key Greenhouse called with; sealed, as the Ashby key and secrets.
    await q.query(`ALTER TABLE integration_links ADD COLUMN callback_auth text`);
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        secret text,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        target text NOT NULL CONSTRAINT deliveries_target_check CHECK (target IN ('webhook', 'greenhouse', 'ashby')),
        target_id uuid NOT NULL,
        invitation_id uuid,
        order_key text NOT NULL,
        event text NOT NULL,
        method text NOT NULL CONSTRAINT deliveries_method_check CHECK (method IN ('POST', 'PATCH')),
        url text NOT NULL,
        body text,
        status text NOT NULL DEFAULT 'pending'
          CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        next_attempt_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz
      )`);
    // The head of each order (the oldest pending delivery of a target and invitation) and the sweep's due list.
    await q.query(`CREATE INDEX deliveries_pending_order_idx ON deliveries (order_key, seq) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_target_idx ON deliveries (target, target_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES deliveries (id),
        attempted_at timestamptz NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL
      )`);
    await q.query(`CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery_attempts`);
    await q.query(`DROP TABLE deliveries`);
    await q.query(`DROP TABLE webhooks`);
    await q.query(`ALTER TABLE integration_links DROP COLUMN callback_auth`);
    await q.query(`ALTER TABLE integration_keys DROP COLUMN ashby_api_key, DROP COLUMN ashby_api_url`);
  }
}
