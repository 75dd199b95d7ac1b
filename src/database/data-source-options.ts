import { type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * One definition of how Candor talks to PostgreSQL, shared by the app, the migration CLI and tests.
 * Entities are registered by each feature module (autoLoadEntities); migrations are listed.
 */
/** The connection pool of one process: its size, and how long a request waits for a connection before a 503. */
export interface PoolOptions {
  size: number;
  waitMs: number;
}

export const DEFAULT_POOL: PoolOptions = { size: 20, waitMs: 5000 };

export function dataSourceOptions(url: string, pool: PoolOptions = DEFAULT_POOL): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: pool.size, connectionTimeoutMillis: pool.waitMs },
  };
}
