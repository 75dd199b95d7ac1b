import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TooManyRequestsError } from '../common/http/too-many-requests.error.js';
import { clientAddressKey } from '../common/net/ip-address.js';
import { AppConfig } from '../config/app-config.js';
import { normaliseEmail } from '../users/email.js';

const WINDOW_MS = 60_000;
/** Old windows deleted per attempt at most: pruning keeps up without ever making one login slow. */
const PRUNE_BATCH = 100;

/**
 * One limit for every sign-in (the API's and the /login page's): LOGIN_RATE_LIMIT_PER_MINUTE attempts per
 * client address and, separately, per account, in fixed one-minute windows. Counted in PostgreSQL, so several
 * api instances on one database share the count, and counted before the password is checked, so a burst of
 * parallel guesses cannot slip through between check and count.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts one attempt; throws 429 (saying when to try again) once the address or the account is over the limit. */
  async hit(clientAddress: string, email: string): Promise<void> {
    const now = this.clock.now().getTime();
    const windowStart = new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS);
    // Always in this order, so two attempts never lock the same two rows the other way round.
    const keys = [`addr:${clientAddressKey(clientAddress)}`, `acct:${normaliseEmail(email)}`];
    const rows = await this.dataSource.query<{ count: number }[]>(
      `WITH pruned AS (
         DELETE FROM login_attempts WHERE (key, window_start) IN (
           SELECT key, window_start FROM login_attempts WHERE window_start < $2 LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED))
       INSERT INTO login_attempts (key, window_start, count)
       SELECT key, $2, 1 FROM unnest($1::text[]) AS key
       ON CONFLICT (key, window_start) DO UPDATE SET count = login_attempts.count + 1
       RETURNING count`,
      [keys, windowStart],
    );
    if (rows.some((r) => r.count > this.config.auth.loginRateLimitPerMinute)) {
      throw new TooManyRequestsError(Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000)));
    }
  }
}
