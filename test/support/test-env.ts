/** Where the tests find PostgreSQL and Redis: set by the global setup (the machine's own, or an embedded PostgreSQL). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Set by the global setup: the migrated template that every test file clones. */
export function templateName(): string {
  const name = process.env.CANDOR_TEST_TEMPLATE;
  if (!name) throw new Error('CANDOR_TEST_TEMPLATE is unset: run e2e tests through jest (global setup)');
  return name;
}

export const runPrefix = (): string => templateName().replace(/_template$/, '');
