import {
  type BackendFactory,
  createPostgresBackend,
  createRedisBackend,
  type IQueueBackend,
  type Queue,
  type Worker,
  withBackend,
} from 'bullmq';
import { type RedisOptions } from 'ioredis';
import { type AppConfig } from '../config/app-config.js';

export interface QueueBackend {
  kind: AppConfig['queue']['backend'];
  createQueue(name: string): Queue;
  createWorker(name: string, processor: ConstructorParameters<typeof Worker>[1], concurrency: number): Worker;
}

/**
 * One place that knows how to connect BullMQ: Redis when REDIS_URL is set (the production setting),
 * otherwise BullMQ's PostgreSQL backend in Candor's own database.
 */
export function createQueueBackend(config: AppConfig): QueueBackend {
  if (config.queue.redisUrl) {
    // Options rather than client instances: BullMQ then owns the connections and closes them.
    const base = redisOptionsFromUrl(config.queue.redisUrl);
    const { Queue, Worker } = withBackend(createRedisBackend as BackendFactory<IQueueBackend, RedisOptions>);
    return {
      kind: 'redis',
      // Producers fail fast while Redis is away (one retry; the sweep re-enqueues what was lost).
      // The offline queue stays on: BullMQ sends its first command before the socket is up.
      createQueue: (name) =>
        new Queue(name, {
          connection: { ...base, maxRetriesPerRequest: 1 },
          prefix: config.queue.prefix,
        }) as unknown as Queue,
      // Workers block on Redis and must retry forever: BullMQ requires maxRetriesPerRequest null.
      createWorker: (name, processor, concurrency) =>
        new Worker(name, processor, {
          connection: { ...base, maxRetriesPerRequest: null },
          prefix: config.queue.prefix,
          concurrency,
        }) as unknown as Worker,
    };
  }
  const connection = () => ({ connectionString: requireUrl(config.database.url), migrate: true, max: 4 });
  const { Queue, Worker } = withBackend(createPostgresBackend);
  return {
    kind: 'postgres',
    createQueue: (name) => new Queue(name, { connection: connection() }) as unknown as Queue,
    createWorker: (name, processor, concurrency) =>
      new Worker(name, processor as never, { connection: connection(), concurrency }) as unknown as Worker,
  };
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error('DATABASE_URL is required for the PostgreSQL queue backend');
  return url;
}

export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 2000,
  };
}
