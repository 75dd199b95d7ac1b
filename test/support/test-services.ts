import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Which of the optional services this run has, as the global setup found them and handed them over in the
 * environment (see global-setup.ts), and the skips that follow. A skip is never silent: each is written to this
 * run's skip log, which the global teardown prints.
 */

export type QueueBackendName = 'redis' | 'postgres';

/** False only when the global setup found no Redis (never under CI=true, where it fails instead). */
export const redisAvailable = (): boolean => process.env.CANDOR_TEST_REDIS !== '0';

/** The Chromium the global setup found (CHROMIUM_PATH or /usr/bin/chromium), or null. */
export function chromiumPath(): string | null {
  return process.env.CANDOR_TEST_CHROMIUM || null;
}

function recordSkip(what: string, why: string): void {
  const log = process.env.CANDOR_TEST_SKIP_LOG;
  const file = basename(expect.getState().testPath ?? 'unknown test file');
  if (log) appendFileSync(log, `${file}: ${what} skipped (${why})\n`);
}

/** The queue backends job behaviour is proven on: both when Redis answers, PostgreSQL's alone otherwise. */
export function queueBackends(): QueueBackendName[] {
  if (redisAvailable()) return ['redis', 'postgres'];
  recordSkip('the Redis queue backend half', 'no Redis');
  return ['postgres'];
}

/** Where a test does not choose: Redis when it answers (as production usually runs), else PostgreSQL. */
export const defaultQueue = (): QueueBackendName => (redisAvailable() ? 'redis' : 'postgres');

/** A block that is about Redis itself (its outage, its keys): skipped, and said so, without one. */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisAvailable()) return describe(name, body);
  recordSkip(`"${name}"`, 'no Redis');
  describe.skip(name, body);
}

/**
 * A block driving Chromium: skipped, and said so, when there is none, except under CI=true, where it runs and
 * fails loudly (launchBrowser says what to install), so a missing browser never looks like passing tests there.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumPath() || process.env.CI === 'true') return describe(name, body);
  recordSkip(`"${name}"`, 'no Chromium; set CHROMIUM_PATH');
  describe.skip(name, body);
}
