import { validateEnvironment } from './env.validation.js';

/** For tools run outside the service (migration CLI, benchmarks), which need an explicit database. */
export function databaseUrlFromEnvironment(): string {
  const url = validateEnvironment(process.env).DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (the service starts an embedded database; tools need it named)');
  return url;
}
