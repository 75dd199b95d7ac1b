import { createHash } from 'node:crypto';
import pg from 'pg';
import { createPostgresBackend, withBackend } from 'bullmq';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/run-migrations.js';
import { databaseUrl, templateName, TEST_PG_URL } from './test-env.js';

/** Creates and migrates this run's template once, whichever test file gets here first. */
export async function ensureTemplate(admin: pg.Client): Promise<string> {
  const template = templateName();
  const lockKey = createHash('sha1').update(template).digest().readInt32BE(0);
  await admin.query('SELECT pg_advisory_lock($1)', [lockKey]);
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (rowCount === 0) await buildTemplate(template);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [lockKey]);
  }
  return template;
}

async function buildTemplate(template: string): Promise<void> {
  const building = `${template}_building`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${building}`);
  await admin.query(`CREATE DATABASE ${building}`);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl(building))).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
  // BullMQ's PostgreSQL backend keeps its own schema: install it in the template too.
  const { Queue } = withBackend(createPostgresBackend);
  const queue = new Queue('candor', { connection: { connectionString: databaseUrl(building), migrate: true } });
  await queue.waitUntilReady();
  await queue.close();
  // Renamed only when complete, so a half-built template is never cloned.
  await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
  await admin.end();
}
