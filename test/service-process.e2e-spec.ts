import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { freePort, waitForOutput } from './support/child-process.js';
import { createTestDatabase } from './support/test-app.js';

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

  // `script` gives the service a terminal, as a person running `npm start` has.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  (hasScript ? it : it.skip)(
    'should log readable lines in a terminal and JSON lines into a pipe when NODE_ENV is not production',
    async () => {
      const databaseUrl = await createTestDatabase();
      const [ttyPort, pipePort] = await Promise.all([freePort(), freePort()]);
      const env = (port: number): NodeJS.ProcessEnv =>
        cleanEnv({
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: 'info',
          DATA_DIR: mkdtempSync(join(tmpdir(), 'candor-log-')),
        });
      const inTerminal = spawn('script', ['-qfec', `${process.execPath} ${MAIN}`, '/dev/null'], {
        env: env(ttyPort),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const inPipe = spawn(process.execPath, [MAIN], { env: env(pipePort), stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        await waitForOutput(inTerminal, /Candor \(all\) listening on/, 60_000);
        await waitForOutput(inPipe, /Candor \(all\) listening on/, 60_000);
        const lines = Promise.all([
          waitForOutput(inTerminal, /request completed/, 10_000),
          waitForOutput(inPipe, /request completed/, 10_000),
        ]);
        expect((await fetch(`http://127.0.0.1:${ttyPort}/health`)).status).toBe(200);
        expect((await fetch(`http://127.0.0.1:${pipePort}/health`)).status).toBe(200);
        const [readable, json] = await lines;
        // pino-pretty: "[12:00:00.000] INFO: request completed", coloured; no JSON object anywhere.
        expect(stripVTControlCharacters(readable)).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: request completed/m);
        expect(readable).not.toMatch(/^\{"level"/m);
        expect(json).toMatch(/^\{"level":30,.*"msg":"request completed"\}$/m);
      } finally {
        for (const child of [inTerminal, inPipe]) {
          const exit = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exit;
        }
      }
    },
    90_000,
  );

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
