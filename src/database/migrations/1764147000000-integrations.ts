import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Integrations1764147000000 implements MigrationInterface {
  name = 'Integrations1764147000000';

  async up(q: QueryRunner): Promise<void> {
    // API keys for applicant tracking systems: shown once, stored as a hash, revoked by a timestamp.
    await q.query(`
      CREATE TABLE integration_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        provider text NOT NULL CONSTRAINT integration_keys_provider_check CHECK (provider IN ('greenhouse', 'ashby')),
        key_hash text NOT NULL UNIQUE,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    // What an ATS told us about an invitation it asked for.
    await q.query(`
      CREATE TABLE integration_links (
        invitation_id uuid PRIMARY KEY REFERENCES invitations (id),
        key_id uuid NOT NULL REFERENCES integration_keys (id),
        provider text NOT NULL CONSTRAINT integration_links_provider_check CHECK (provider IN ('greenhouse', 'ashby')),
        external_id text,
        profile_url text,
        callback_url text,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX integration_links_external_idx ON integration_links (provider, external_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE integration_links`);
    await q.query(`DROP TABLE integration_keys`);
  }
}
