import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForOutput } from './support/child-process.js';

const MAIN = join(process.cwd(), 'dist', 'main.js');
const BOOT_MS = 90_000;

/**
 * The embedded default after a crash, as an operator meets it: `node dist/main.js` killed (alone, leaving its
 * PostgreSQL running; or with it, as in a power cut) and started again. Also a second checkout whose embedded
 * database already holds the port. Each process runs in its own process group so a power cut can be staged.
 */
describe('the embedded database after a crash', () => {
  const started: ChildProcess[] = [];
  const dirs: string[] = [];

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: run `npm run build` (npm test does)');
  });

  afterAll(() => {
    for (const child of started) signalGroup(child, 'SIGKILL');
    for (const dir of dirs) {
      const pid = postmasterPid(dir);
      if (pid) signal(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-restart-'));
    // Run as root, PostgreSQL drops to the postgres user, which must be able to enter the folder.
    chmodSync(dir, 0o755);
    dirs.push(dir);
    return dir;
  };

  const start = (env: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    started.push(child);
    return child;
  };

  it(
    'should stop the PostgreSQL a killed run left behind, and share the running one with a second process on the same data folder',
    async () => {
      const [port, pgPort] = await Promise.all([freePort(), freePort()]);
      const dir = dataDir();
      const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dir };
      const first = start(env);
      await waitForOutput(first, /Candor \(all\) listening on/, BOOT_MS);
      const orphan = postmasterPid(dir);
      first.kill('SIGKILL');
      await exited(first);
      expect(orphan && isAlive(orphan)).toBeTruthy();

      const second = start(env);
      const output = await waitForOutput(second, /Candor \(all\) listening on/, BOOT_MS);
      expect(output).toContain(
        `found the embedded PostgreSQL of an earlier run still running without its Candor process (pid ${orphan}`,
      );
      expect(output).toMatch(new RegExp(`stopped the orphaned embedded PostgreSQL \\(pid ${orphan}, fast shutdown\\)`));
      expect(isAlive(orphan!)).toBe(false);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

      // A second process on the same data folder (as `npm run demo` beside `npm start`) shares the running database.
      const running = postmasterPid(dir);
      const thirdPort = await freePort();
      const third = start({ ...env, PORT: String(thirdPort) });
      const shared = await waitForOutput(third, /Candor \(all\) listening on/, BOOT_MS);
      expect(shared).toContain(
        `using the embedded PostgreSQL that Candor process ${second.pid} runs for ${join(dir, 'postgres')} (127.0.0.1:${pgPort}); it stops when that process stops`,
      );
      expect((await fetch(`http://127.0.0.1:${thirdPort}/health`)).status).toBe(200);
      third.kill('SIGTERM');
      expect((await exited(third)).code).toBe(0);
      expect(postmasterPid(dir)).toBe(running);
      expect(running && isAlive(running)).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

      second.kill('SIGTERM');
      expect((await exited(second)).code).toBe(0);
      expect(running && isAlive(running)).toBe(false);
      expect(existsSync(join(dir, 'postgres', 'postmaster.pid'))).toBe(false);
    },
    4 * BOOT_MS,
  );

  it(
    'should start again after a power cut (service and PostgreSQL killed) and refuse a port held by another checkout',
    async () => {
      const [port, pgPort] = await Promise.all([freePort(), freePort()]);
      const dir = dataDir();
      const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dir };
      const first = start(env);
      await waitForOutput(first, /Candor \(all\) listening on/, BOOT_MS);
      const before = postmasterPid(dir);
      signalGroup(first, 'SIGKILL');
      await exited(first);
      await waitFor(() => !isAlive(before!), 10_000);

      const second = start(env);
      const output = await waitForOutput(second, /Candor \(all\) listening on/, BOOT_MS);
      expect(output).toContain(
        `was not shut down cleanly (its process ${before} is gone, as after a crash or power cut)`,
      );
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

      const other = start({ PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir() });
      const refused = await exited(other);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toMatch(
        new RegExp(
          `^Candor failed to start: Port ${pgPort} \\(EMBEDDED_PG_PORT\\) is taken by another (PostgreSQL \\(pid \\d+, data in .*\\), probably another Candor checkout's embedded database\\. Stop that one, or set EMBEDDED_PG_PORT to a free port for this one\\.|PostgreSQL server)`,
        ),
      );
      expect(refused.stderr).not.toContain('undefined');

      second.kill('SIGTERM');
      expect((await exited(second)).code).toBe(0);
    },
    4 * BOOT_MS,
  );

  // Only root meets this: PostgreSQL then runs as the postgres user, which cannot enter a folder closed to others.
  (process.getuid?.() === 0 ? it : it.skip)(
    'should say in one sentence what to do when, run as root, the data folder is inside a folder others cannot enter',
    async () => {
      const closed = mkdtempSync(join(tmpdir(), 'candor-closed-')); // 0700, like root's home
      dirs.push(closed);
      const child = start({
        PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(await freePort()),
        DATA_DIR: join(closed, 'data'),
      });
      const refused = await exited(child);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(
        `Candor failed to start: The embedded PostgreSQL cannot use its data folder ${join(closed, 'data', 'postgres')}: ` +
          "PostgreSQL refuses to run as root, so Candor runs it as the 'postgres' user, which cannot reach it because a " +
          'folder above it is closed to other users. Set DATA_DIR to a folder others can enter (for example ' +
          '/var/lib/candor), run Candor as a user other than root, or set DATABASE_URL.',
      );
    },
    BOOT_MS,
  );
});

function postmasterPid(dir: string): number | null {
  try {
    return Number(readFileSync(join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid) signal(-child.pid, sig);
}

async function waitFor(probe: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves with the exit code and what the process wrote to stderr. */
function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, stderr });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}
