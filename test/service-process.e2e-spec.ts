import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForOutput } from './support/child-process.js';

const MAIN = join(process.cwd(), 'dist', 'main.js');

/** The built service as an operator starts it: `node dist/main.js` (npm test builds it first). */
describe('the service process', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `npm run build` (npm test does)');
  });

  it('should start on the embedded PostgreSQL and the PostgreSQL queue backend when nothing is configured', async () => {
    const [port, pgPort] = await Promise.all([freePort(), freePort()]);
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-embedded-'));
    // Run as root, PostgreSQL drops to the postgres user, which must be able to enter the folder.
    chmodSync(dataDir, 0o755);
    const child = spawn(process.execPath, [MAIN], {
      env: cleanEnv({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await waitForOutput(child, /Candor \(all\) listening on/, 60_000);
      expect(output).toMatch(/Candor created the first admin: admin@candor\.local \/ \S{12,}/);
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', db: 'up', queue: 'up', queueBackend: 'postgres' });
      const docs = (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(docs.openapi).toMatch(/^3\./);
      expect(Object.keys(docs.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/users/me']),
      );
    } finally {
      const exit = new Promise<number | string | null>((resolve) =>
        child.once('exit', (code, signal) => resolve(code ?? signal)),
      );
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    }
  });

  it('should refuse to start with one line naming the setting when a setting is malformed', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: cleanEnv({ PORT: 'eighty', DATABASE_URL: 'postgres://localhost/x' }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: PORT must/)]);
  });
});

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...extra };
}
