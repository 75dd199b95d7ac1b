import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { emailSkeleton } from '../../users/email.js';

/**
 * Revocable staff sessions, deactivated accounts, look-alike emails refused, login attempts counted in the
 * database (so every api instance shares one count), and when an integration key was last used.
 */
export class StaffSessions1764151000000 implements MigrationInterface {
  name = 'StaffSessions1764151000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per sign-in; the staff JWT carries its id (`sid`) and the guard looks it up on every request.
    await q.query(`
      CREATE TABLE staff_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX staff_sessions_user_live_idx ON staff_sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX staff_sessions_expires_idx ON staff_sessions (expires_at)`);

    await q.query(`ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true`);
    // Unicode's confusables skeleton of the email: "аdmin@x.com" (Cyrillic а) has the skeleton of "admin@x.com".
    await q.query(`ALTER TABLE users ADD COLUMN email_skeleton text`);
    const users = (await q.query(`SELECT id, email FROM users ORDER BY created_at, id`)) as {
      id: string;
      email: string;
    }[];
    const seen = new Set<string>();
    for (const user of users) {
      const skeleton = emailSkeleton(user.email);
      // Look-alikes that already exist stay (nothing is deleted); the first keeps the skeleton, so new ones are refused.
      if (seen.has(skeleton)) continue;
      seen.add(skeleton);
      await q.query(`UPDATE users SET email_skeleton = $1 WHERE id = $2`, [skeleton, user.id]);
    }
    await q.query(`CREATE UNIQUE INDEX users_email_skeleton_key ON users (email_skeleton)`);

    // Fixed one-minute windows per key ("addr:<client>", "acct:<email>"); old windows are pruned as new ones fill.
    await q.query(`
      CREATE TABLE login_attempts (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);
    await q.query(`CREATE INDEX login_attempts_window_idx ON login_attempts (window_start)`);

    await q.query(`ALTER TABLE integration_keys ADD COLUMN last_used_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE integration_keys DROP COLUMN last_used_at`);
    await q.query(`DROP TABLE login_attempts`);
    await q.query(`DROP INDEX users_email_skeleton_key`);
    await q.query(`ALTER TABLE users DROP COLUMN email_skeleton`);
    await q.query(`ALTER TABLE users DROP COLUMN active`);
    await q.query(`DROP TABLE staff_sessions`);
  }
}
