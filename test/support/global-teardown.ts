import pg from 'pg';
import { Redis } from 'ioredis';

/**
 * Drops this run's databases and Redis keys, so runs never see each other's data. Self-contained:
 * Jest loads global teardown outside its module system, where the test helpers cannot be imported.
 */
export default async function globalTeardown(): Promise<void> {
  const prefix = (process.env.CANDOR_TEST_TEMPLATE ?? '').replace(/_template$/, '');
  if (!prefix) return;
  const admin = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
    `${prefix}%`,
  ]);
  for (const { datname } of rows) {
    await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
  await admin.end();
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
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
