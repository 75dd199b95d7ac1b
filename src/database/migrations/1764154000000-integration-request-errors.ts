import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Error reports an ATS sends about its calls to Candor (Greenhouse's `request_errors`), kept for admins: which
 * call, what went wrong, the ids and the candidate's email as given; nothing else of the report.
 */
export class IntegrationRequestErrors1764154000000 implements MigrationInterface {
  name = 'IntegrationRequestErrors1764154000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration_request_errors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key_id uuid NOT NULL REFERENCES integration_keys (id),
        provider text NOT NULL
          CONSTRAINT integration_request_errors_provider_check CHECK (provider IN ('greenhouse', 'ashby')),
        received_at timestamptz NOT NULL,
        api_call text,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        partner_test_id text,
        partner_interview_id text,
        candidate_email text
      )`);
    // Admins read the newest first.
    await q.query(
      `CREATE INDEX integration_request_errors_received_idx ON integration_request_errors (received_at DESC, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE integration_request_errors`);
  }
}
