import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The admin every benchmark's service starts with (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const BENCH_ADMIN = { email: 'bench-admin@candor.test', password: 'bench-admin-password' };

export interface ServiceOptions {
  /** ROLE: `api` (the default) answers HTTP; `worker` runs the jobs and sweeps; `all` both. */
  role?: 'api' | 'worker' | 'all';
  /**
   * Settings on top of the defaults below (REDIS_URL, QUEUE_PREFIX, JWT_SECRET, limits). Processes meant to work
   * together (api and worker, two apis) must be given the same QUEUE_PREFIX and JWT_SECRET here.
   */
  env?: Readonly<Record<string, string>>;
  /** Each line the service writes to standard output (its logs, at warn); dropped when not given. */
  onLine?: (line: string) => void;
}

/**
 * The built service (BENCH_SERVICE_ENTRY, default dist/main.js) as production runs it, API role unless told
 * otherwise, on the given database with the queue on PostgreSQL unless REDIS_URL is given, logs at warn;
 * resolves once /health answers (a worker, which serves no HTTP: once it says it runs). Its DATA_DIR, a
 * temporary folder, is removed when it exits.
 */
export async function startService(
  databaseUrl: string,
  port: number,
  options: ServiceOptions = {},
): Promise<ChildProcess> {
  const role = options.role ?? 'api';
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-'));
  const child = spawn(process.execPath, [process.env.BENCH_SERVICE_ENTRY ?? 'dist/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: '',
      QUEUE_PREFIX: `bench_${randomBytes(3).toString('hex')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      ...options.env,
      ROLE: role,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    // Standard output is read (and must be, or a chatty service would block on a full pipe).
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  let workerRunning = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('Candor worker running')) workerRunning = true;
    options.onLine?.(line);
  });
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the service (${role}) exited with ${child.exitCode ?? child.signalCode}`);
    const ready =
      role === 'worker'
        ? workerRunning
        : await fetch(`http://127.0.0.1:${port}/health`).then(
            (r) => r.ok,
            () => false,
          );
    if (ready) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGKILL');
  throw new Error(`the service (${role}) was not ready in 120 s`);
}

/** SIGTERM (the service shuts down gracefully), SIGKILL if it has not exited after `graceMs`. */
export async function stopService(child: ChildProcess, graceMs = 25_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
