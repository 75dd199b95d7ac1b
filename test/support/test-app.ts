import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import type { Response } from 'superagent';
import request, { type Test as PendingRequest } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { type DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/common/http/configure-app.js';
import { httpServerOptions } from '../../src/common/http/http-server-options.js';
import { validateEnvironment } from '../../src/config/env.validation.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { FakeClock } from './fake-clock.js';
import { OpenApiCheck } from './openapi-check.js';
import { ensureTemplate } from './template-database.js';
import { databaseUrl, runPrefix, TEST_PG_URL, TEST_REDIS_URL } from './test-env.js';
import { defaultQueue, type QueueBackendName } from './test-services.js';

export { type QueueBackendName } from './test-services.js';

export interface TestAppOptions {
  queue?: QueueBackendName;
  /** Extra environment for this app (e.g. SMTP_URL, ATTEMPT_GRACE_SECONDS). */
  env?: Record<string, string>;
  clock?: FakeClock;
  /** Reuse a database (e.g. a second app instance sharing it); default: a fresh clone of the template. */
  databaseUrl?: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  http: () => TestAgent;
  clock: FakeClock;
  dataSource: DataSource;
  jobs: JobsService;
  databaseUrl: string;
  queuePrefix: string;
  close: () => Promise<void>;
}

export const TEST_ADMIN = { email: 'admin@candor.test', password: 'admin-password-123' };

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<string> {
  const name = `${runPrefix()}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    const template = await ensureTemplate(admin);
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (err) {
        // Two clones of one template at the same instant: PostgreSQL asks the second to wait its turn.
        if (attempt > 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}

/** Boots the whole service in-process on real PostgreSQL (and Redis when asked), with a fake clock. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dbUrl = options.databaseUrl ?? (await createTestDatabase());
  const queuePrefix = `${runPrefix()}_${randomBytes(4).toString('hex')}`;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: dbUrl,
    REDIS_URL: (options.queue ?? defaultQueue()) === 'redis' ? TEST_REDIS_URL : undefined,
    QUEUE_PREFIX: queuePrefix,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'candor-test-')),
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    PUBLIC_BASE_URL: 'http://candor.test',
    SWEEP_INTERVAL_SECONDS: '3600',
    SMTP_URL: undefined,
    ...options.env,
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const clock = options.clock ?? new FakeClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register({ clock })] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter(httpServerOptions(validateEnvironment(process.env))),
    { logger: false },
  );
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body as {
    paths: Record<string, unknown>;
  };
  const openApi = new OpenApiCheck(document);
  return {
    app,
    http: () => checkedAgent(request(app.getHttpServer()), openApi),
    clock,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    jobs: app.get(JobsService),
    databaseUrl: dbUrl,
    queuePrefix,
    close: async () => {
      await app.close();
      openApi.assertNone();
    },
  };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** A supertest agent whose every response is checked against the OpenAPI document (see openapi-check.ts). */
function checkedAgent(agent: TestAgent, openApi: OpenApiCheck): TestAgent {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const test = Reflect.apply(value, target, args) as PendingRequest;
        return test.on('response', (response: Response) => openApi.check(response));
      };
    },
  });
}
