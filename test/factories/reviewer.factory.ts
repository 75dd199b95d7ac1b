import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { type TestApp } from '../support/test-app.js';

export interface FastReviewer {
  id: string;
  email: string;
  auth: { Authorization: string };
}

/**
 * Many reviewers at once for concurrency tests: rows inserted with SQL and tokens signed with the app's own
 * JwtService with a session row each (what StaffAuthGuard checks), skipping argon2 hashing and a login per user, which dominate
 * a 50-reviewer setup on a busy machine. These users cannot sign in with a password; use createStaff for that.
 */
export async function createReviewers(t: TestApp, count: number): Promise<FastReviewer[]> {
  const jwt = t.app.get(JwtService);
  const rows = await t.dataSource.query<{ id: string; email: string }[]>(
    `INSERT INTO users (email, name, role, password_hash, created_at)
     SELECT 'reviewer-' || $1 || '-' || n || '@candor.test', 'Reviewer ' || n, 'reviewer', 'no-password-login', $2
       FROM generate_series(1, $3) AS n
     RETURNING id, email`,
    [randomBytes(4).toString('hex'), t.clock.now(), count],
  );
  // A live session per reviewer, as a login makes: the guard looks up the token's `sid` on every request.
  const sessions = await t.dataSource.query<{ id: string; user_id: string }[]>(
    `INSERT INTO staff_sessions (user_id, created_at, expires_at) SELECT id, $2, now() + interval '1 day' FROM unnest($1::uuid[]) AS id RETURNING id, user_id`,
    [rows.map((r) => r.id), t.clock.now()],
  );
  const sessionOf = new Map(sessions.map((s) => [s.user_id, s.id]));
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      auth: {
        Authorization: `Bearer ${await jwt.signAsync({ sub: r.id, role: 'reviewer', typ: 'staff', sid: sessionOf.get(r.id) })}`,
      },
    })),
  );
}
