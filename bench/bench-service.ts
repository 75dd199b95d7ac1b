import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The admin every benchmark's service starts with (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const BENCH_ADMIN = { email: 'bench-admin@candor.test', password: 'bench-admin-password' };

/**
 * The built service (BENCH_SERVICE_ENTRY, default dist/main.js) as production runs it, API role, on the given
 * database with the queue on PostgreSQL, logs at warn; resolves once /health answers.
 */
export async function startService(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [process.env.BENCH_SERVICE_ENTRY ?? 'dist/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ROLE: 'api',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: '',
      QUEUE_PREFIX: `bench_${randomBytes(3).toString('hex')}`,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'candor-bench-')),
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    if (
      await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the service did not become healthy in 60 s');
}
