/**
 * Where bench/exam-day.bench.ts makes its throw-away databases: the PostgreSQL server at BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), or, when nothing answers there, an embedded PostgreSQL
 * started for the run. Both through the simulation's databaseServer() (sim/service.ts), which starts the embedded
 * one with the service's own start-up code (src/config/embedded-database.ts) and drops what it made.
 */
import pg from 'pg';
import type { DatabaseServer } from '../sim/service.js';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
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

/** `stop` drops every database still there and stops the embedded server, if one was started. */
export async function benchDatabaseServer(log: (line: string) => void): Promise<DatabaseServer> {
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL;
  const external = await answers(url);
  if (!external) log(`nothing answers at ${new URL(url).host}: starting an embedded PostgreSQL for the run`);
  // Loaded here, not above: sim/service.ts brings the whole application module with it.
  const { databaseServer } = await import('../sim/service.js');
  // databaseServer uses DATABASE_URL's server when set, an embedded one otherwise.
  const saved = process.env.DATABASE_URL;
  if (external) process.env.DATABASE_URL = url;
  else delete process.env.DATABASE_URL;
  try {
    const server = await databaseServer(false, log);
    return external ? { ...server, description: `PostgreSQL at ${new URL(url).host}` } : server;
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}
