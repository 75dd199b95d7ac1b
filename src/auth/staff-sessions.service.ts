import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { type UserRole } from '../common/auth/staff-role.js';

/** A session that still works: its row is not revoked and its person is active. */
export interface LiveSession {
  userId: string;
  /** The person's role now (not when they signed in): a role change applies to their next request. */
  role: UserRole;
}

/** Expired sessions deleted per sign-in at most. */
const PRUNE_BATCH = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff sessions in PostgreSQL (`staff_sessions`): one row per sign-in, its id in the JWT as `sid`. The guard
 * looks it up on every request (primary key, joined to the user's primary key), so logout and deactivation end
 * a session at once on every api instance. Expiry stays the JWT's `exp`; `expires_at` only tells which rows
 * can go.
 */
@Injectable()
export class StaffSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * A new session. `expires_at` is on the database's wall clock, like the JWT's `exp` (the signer's wall clock),
   * not the injected Clock; rows expired for a day are pruned here, a batch at a time, so the table stays small.
   */
  async open(m: EntityManager, userId: string, now: Date): Promise<string> {
    await m.query(
      `DELETE FROM staff_sessions WHERE id IN (
         SELECT id FROM staff_sessions WHERE expires_at < now() - interval '1 day' LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)`,
    );
    const rows = await m.query<{ id: string }[]>(
      `INSERT INTO staff_sessions (user_id, created_at, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3)) RETURNING id`,
      [userId, now, this.config.auth.jwtTtlMinutes],
    );
    return rows[0].id;
  }

  async findLive(sessionId: string, userId: string): Promise<LiveSession | null> {
    if (!UUID.test(sessionId)) return null;
    const rows = await this.dataSource.query<{ role: UserRole }[]>(
      `SELECT u.role FROM staff_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.active`,
      [sessionId, userId],
    );
    return rows[0] ? { userId, role: rows[0].role } : null;
  }

  /** Ends one session; false when it had already ended. */
  async revoke(m: EntityManager, sessionId: string, now: Date): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `UPDATE staff_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, now],
    );
    return rows.length > 0;
  }

  /** Ends every session of a person (deactivation); returns how many were still live. */
  async revokeAllOf(m: EntityManager, userId: string, now: Date): Promise<number> {
    const rows = await m.query<unknown[]>(
      `UPDATE staff_sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, now],
    );
    return rows.length;
  }
}
