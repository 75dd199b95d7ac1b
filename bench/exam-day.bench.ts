/**
 * `npm run bench` (full sizes) and `npm run bench:quick` (`--quick`, smaller, within 10 minutes): exam day against
 * the built service (dist/main.js as production runs it, logs at warn), on a database made for the run:
 * - autosave: 2 KB answers saved by many candidates over 50 connections, beside a bare Fastify + pg baseline
 *   (bench/baseline-server.ts) under the same load; the api process's peak memory meanwhile;
 * - burst: thousands of invited candidates pressing Start within one second;
 * - claim: 100 reviewers draining the review queue, then duplicate claims counted in the database;
 * - expiry: thousands of attempts whose deadlines fall within one second, auto-submitted by a worker process;
 * - scaleOut: the autosave load over two api processes and a worker;
 * - metrics: bench/metrics.bench.ts's report timing, on a database of its own.
 * Prints a table and writes bench/results/latest.json. Every process it starts is stopped, and every database it
 * made dropped, at the end, on failure and on Ctrl-C.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the database server, an embedded
 * PostgreSQL when nothing answers there; BENCH_REDIS_URL (default redis://127.0.0.1:6379) the queue's Redis, the
 * queue on PostgreSQL when nothing answers there (or when set empty). `--parts=autosave,burst,...` runs only those.
 */
import 'reflect-metadata';
import { type ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from '../test/support/child-process.js';
import { benchDatabaseServer } from './bench-database.js';
import { startService, stopService } from './bench-service.js';
import {
  type AutosaveFigures,
  autosavePart,
  type BurstFigures,
  burstPart,
  type ClaimFigures,
  claimPart,
  type ExpiryFigures,
  expiryPart,
  type MetricsFigures,
  metricsPart,
  type ScaleOutFigures,
  scaleOutPart,
  serviceConfig,
  SIZES,
  type Stage,
  startBaseline,
  startedCandidates,
} from './exam-day-parts.js';
import { seedAssessment } from './exam-day-seed.js';

const PARTS = ['autosave', 'burst', 'claim', 'expiry', 'scaleOut', 'metrics'] as const;
type Part = (typeof PARTS)[number];

const QUICK = process.argv.includes('--quick');
const SELECTED = new Set<Part>(
  (
    process.argv
      .find((a) => a.startsWith('--parts='))
      ?.slice('--parts='.length)
      .split(',') ?? PARTS
  ).filter((p): p is Part => (PARTS as readonly string[]).includes(p)),
);
const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/latest.json');

const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** What to undo, last made first undone; `add` returns a function that undoes that one now. */
class Cleanup {
  private readonly stack: { label: string; undo: () => Promise<void> }[] = [];

  add(label: string, undo: () => Promise<void>): () => Promise<void> {
    const entry = { label, undo };
    this.stack.push(entry);
    return async () => {
      const i = this.stack.indexOf(entry);
      if (i < 0) return;
      this.stack.splice(i, 1);
      await undo();
    };
  }

  async all(): Promise<void> {
    for (let entry = this.stack.pop(); entry; entry = this.stack.pop()) {
      try {
        await entry.undo();
      } catch (err) {
        log(`cleanup: ${entry.label} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

/** Counts a service's log lines (warn and up) by level and message; the messages only, never whole lines. */
class LogTally {
  readonly byMessage = new Map<string, number>();

  constructor(readonly name: string) {}

  line = (line: string): void => {
    if (line.trim() === '' || line.startsWith('Candor ')) return;
    let key = 'unparsed line';
    try {
      const parsed = JSON.parse(line) as {
        level?: unknown;
        msg?: unknown;
        path?: unknown;
        // The service's reduced error (src/common/logging/logged-error.ts): type, message and code, no request data.
        err?: { type?: string; code?: string; message?: string };
      };
      const level = parsed.level === 40 ? 'warn' : parsed.level === 50 ? 'error' : String(parsed.level);
      const msg = typeof parsed.msg === 'string' ? parsed.msg : '(no message)';
      const path = typeof parsed.path === 'string' ? ` ${parsed.path}` : '';
      const { type, code, message } = parsed.err ?? {};
      const err = parsed.err ? ` [${type ?? 'Error'}${code ? ` ${code}` : ''}: ${message ?? ''}]` : '';
      key = `${level}: ${`${msg}${path}${err}`.slice(0, 240)}`;
    } catch {
      // Not JSON: counted as unparsed.
    }
    this.byMessage.set(key, (this.byMessage.get(key) ?? 0) + 1);
  };

  summary(): string[] {
    return [...this.byMessage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([message, n]) => `  ${this.name}: ${n} x ${message}`);
  }
}

interface Machine {
  cpuModel: string;
  cores: number;
  totalMemoryGb: number;
  node: string;
  loadavgAtStart: number[];
  loadavgAtEnd?: number[];
}

function machine(): Machine {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    totalMemoryGb: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    loadavgAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** The Redis at BENCH_REDIS_URL when it answers a PING, else undefined (the queue then lives in PostgreSQL). */
async function reachableRedis(): Promise<string | undefined> {
  const url = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (url === '') return undefined;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? url : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/** Deletes the run's queue keys (QUEUE_PREFIX:*). */
async function dropQueueKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

interface Results {
  commit: string;
  machine: Machine;
  quick: boolean;
  database: string;
  queue: 'redis' | 'postgres';
  startedAt: string;
  durationS?: number;
  autosave?: AutosaveFigures['autosave'];
  memory?: AutosaveFigures['memory'];
  burst?: BurstFigures;
  claim?: ClaimFigures;
  expiry?: ExpiryFigures;
  scaleOut?: ScaleOutFigures;
  metrics?: MetricsFigures;
  serviceLogs?: Record<string, Record<string, number>>;
}

const cell = (n: number | undefined, unit = ''): string =>
  n === undefined || Number.isNaN(n) ? '-' : `${n.toLocaleString('en', { maximumFractionDigits: 2 })}${unit}`;
const counts = (c: Record<string, number>): string =>
  Object.entries(c)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');

function table(r: Results): string[] {
  const rows: [string, string][] = [];
  if (r.autosave) {
    const a = r.autosave;
    rows.push(
      [
        `autosave, service (${a.connections} conns, ${a.seconds} s, ${a.attempts} attempts)`,
        `${cell(a.rps, ' saves/s')}, p50 ${cell(a.p50Ms, ' ms')}, p99 ${cell(a.p99Ms, ' ms')}, errors ${a.errors}`,
      ],
      [
        'autosave, bare Fastify + pg baseline',
        `${cell(a.baselineRps, ' saves/s')}, p50 ${cell(a.baselineP50Ms, ' ms')}, p99 ${cell(a.baselineP99Ms, ' ms')}, errors ${a.baselineErrors}`,
      ],
      ['autosave, ratio service / baseline', cell(a.ratio)],
    );
  }
  if (r.memory)
    rows.push([
      'api process peak RSS (VmHWM) under autosave',
      `${cell(r.memory.peakRssMb, ' MB')} (sampled ${cell(r.memory.sampledPeakRssMb, ' MB')})`,
    ]);
  if (r.burst) {
    const b = r.burst;
    rows.push(
      [`burst: ${b.starts} Start presses within 1 s`, counts(b.statusCounts)],
      [
        'burst latency',
        `p50 ${cell(b.p50Ms, ' ms')}, p99 ${cell(b.p99Ms, ' ms')}, max ${cell(b.maxMs, ' ms')}; all answered in ${cell(b.wallS, ' s')}; started in db ${b.startedInDb}`,
      ],
    );
  }
  if (r.claim) {
    const c = r.claim;
    rows.push(
      [
        `claim: ${c.reviewers} reviewers, ${c.queued} queued`,
        `${cell(c.claimsPerS, ' claims/s')}, p50 ${cell(c.p50Ms, ' ms')}, p99 ${cell(c.p99Ms, ' ms')}; claimed ${c.claimed}, left ${c.left}`,
      ],
      ['claim: answers; duplicate claims', `${counts(c.statusCounts)}; duplicates ${c.duplicates}`],
    );
  }
  if (r.expiry) {
    const e = r.expiry;
    rows.push(
      [
        `expiry: ${e.attempts} deadlines within 1 s (grace ${e.graceSeconds} s)`,
        `submitted ${e.submitted}; last ${cell(e.lastSubmittedAfterS, ' s')} after the last cutoff`,
      ],
      [
        'expiry lateness after deadline + grace',
        `p50 ${cell(e.p50LatenessS, ' s')}, p99 ${cell(e.p99LatenessS, ' s')}, max ${cell(e.maxLatenessS, ' s')}; early ${e.early}; duplicates ${e.duplicates}`,
      ],
    );
  }
  if (r.scaleOut) {
    const s = r.scaleOut;
    rows.push([
      `scale-out: autosave over ${s.apiProcesses} api processes + ${s.workers} worker`,
      `${cell(s.autosaveRps, ' saves/s')} (x${cell(s.vsOneApi ?? undefined)} of one api), p50 ${cell(s.p50Ms, ' ms')}, p99 ${cell(s.p99Ms, ' ms')}, errors ${s.errors}`,
    ]);
  }
  if (r.metrics) {
    const m = r.metrics;
    rows.push([
      `metrics: GET /api/v1/metrics/turnaround, ${m.submissions.toLocaleString('en')} submissions`,
      `p50 ${cell(m.p50Ms, ' ms')}, p95 ${cell(m.p95Ms, ' ms')} (seeded in ${cell(m.seedS, ' s')})`,
    ]);
  }
  return ['| measured | result |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

const cleanup = new Cleanup();
let interrupted = false;

async function main(): Promise<void> {
  const runStarted = performance.now();
  const sizes = SIZES[QUICK ? 'quick' : 'full'];
  const results: Results = {
    commit: commit(),
    machine: machine(),
    quick: QUICK,
    database: '',
    queue: 'postgres',
    startedAt: new Date().toISOString(),
  };
  const { cores, loadavgAtStart } = results.machine;
  log(
    `exam-day bench${QUICK ? ' (quick)' : ''} at ${results.commit}: ${cores} cores, load average ${loadavgAtStart.join(', ')}` +
      (loadavgAtStart[0] > cores / 2 ? ' - the machine is busy: the figures are taken under that load' : ''),
  );

  const server = await benchDatabaseServer(log);
  cleanup.add('database server', () => server.stop());
  results.database = server.description;
  const redisUrl = await reachableRedis();
  const queuePrefix = `bench_${randomBytes(4).toString('hex')}`;
  if (redisUrl) {
    results.queue = 'redis';
    cleanup.add('queue keys', () => dropQueueKeys(redisUrl, queuePrefix));
  }
  log(
    `database server: ${server.description}; queue: ${redisUrl ? `Redis at ${new URL(redisUrl).host}` : 'PostgreSQL'}`,
  );
  // Every process of the run shares the queue and the JWT secret, as the processes of one deployment do.
  const serviceEnv = {
    REDIS_URL: redisUrl ?? '',
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // The most the service accepts; the claim part needs reviewers x this >= queued.
    REVIEW_MAX_ACTIVE: '100',
    // A hundred reviewers sign in from one address within the minute.
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
  };
  const tallies: LogTally[] = [];
  const startProcess = async (
    databaseUrl: string,
    role: 'api' | 'worker',
    name: string,
  ): Promise<{ child: ChildProcess; url: string; stop: () => Promise<void> }> => {
    const port = await freePort();
    const tally = new LogTally(name);
    tallies.push(tally);
    const child = await startService(databaseUrl, port, { role, env: serviceEnv, onLine: tally.line });
    const stop = cleanup.add(name, () => stopService(child));
    return { child, url: `http://127.0.0.1:${port}`, stop };
  };

  const examParts: Part[] = ['autosave', 'burst', 'claim', 'expiry', 'scaleOut'];
  if (examParts.some((p) => SELECTED.has(p))) {
    const database = await server.provider('bench_exam_day');
    const dropDatabase = cleanup.add('exam-day database', () => database.drop());
    log(`starting the service (ROLE=api) on a fresh database; it migrates it`);
    const api = await startProcess(database.url, 'api', 'api');
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const closeDb = cleanup.add('database connection', () => db.end());
    const stage: Stage = {
      sizes,
      log,
      db,
      databaseUrl: database.url,
      api: api.child,
      apiUrl: api.url,
      serviceEnv,
      // Long enough for every attempt started in the run to stay open to the end.
      assessment: await seedAssessment(db, 480),
    };
    let worker: { stop: () => Promise<void> } | undefined;
    const ensureWorker = async (): Promise<void> => {
      if (worker) return;
      log('starting a worker (ROLE=worker) on the same database and queue');
      worker = await startProcess(database.url, 'worker', 'worker');
    };

    const needsAttempts = SELECTED.has('autosave') || SELECTED.has('scaleOut');
    const candidates = needsAttempts ? await startedCandidates(stage, sizes.autosaveAttempts, 'autosave') : [];
    if (SELECTED.has('autosave')) {
      log(`\nautosave: ${candidates.length} started attempts, ${sizes.connections} connections`);
      const grace = serviceConfig(stage).attempts.graceSeconds;
      const baselinePort = await freePort();
      const baseline = await startBaseline(database.url, baselinePort, grace);
      const stopBaseline = cleanup.add('baseline', () => stopService(baseline));
      const figures = await autosavePart(stage, candidates, `http://127.0.0.1:${baselinePort}`);
      await stopBaseline();
      results.autosave = figures.autosave;
      results.memory = figures.memory;
      log(`  service ${figures.autosave.rps} saves/s, baseline ${figures.autosave.baselineRps} saves/s`);
    }
    if (SELECTED.has('burst')) {
      log(`\nburst: ${sizes.burstStarts} candidates press Start within one second`);
      results.burst = await burstPart(stage);
      log(`  ${counts(results.burst.statusCounts)}; p99 ${results.burst.p99Ms} ms`);
    }
    if (SELECTED.has('claim')) {
      log(`\nclaim: ${sizes.reviewers} reviewers drain ${sizes.queued} queued submissions`);
      results.claim = await claimPart(stage);
      log(`  ${results.claim.claimsPerS} claims/s; duplicates ${results.claim.duplicates}`);
    }
    if (SELECTED.has('expiry')) {
      log(`\nexpiry: ${sizes.expiryAttempts} deadlines within one second`);
      await ensureWorker();
      results.expiry = await expiryPart(stage);
      log(`  ${results.expiry.submitted} submitted; p99 lateness ${results.expiry.p99LatenessS} s`);
    }
    if (SELECTED.has('scaleOut')) {
      log(`\nscale-out: a second api process (ROLE=api) and a worker on the same database and queue`);
      await ensureWorker();
      const api2 = await startProcess(database.url, 'api', 'api-2');
      results.scaleOut = await scaleOutPart(stage, candidates, [api.url, api2.url], results.autosave?.rps ?? null);
      // autocannon leaves its last requests unanswered: let the api finish them before it is stopped.
      await new Promise((r) => setTimeout(r, 2000));
      await api2.stop();
      log(`  ${results.scaleOut.autosaveRps} saves/s over two api processes`);
    }
    await worker?.stop();
    await api.stop();
    await closeDb();
    await dropDatabase();
  }

  if (SELECTED.has('metrics')) {
    log(`\nmetrics: ${sizes.metricsSubmissions.toLocaleString('en')} submissions on a database of their own`);
    const database = await server.provider('bench_metrics');
    const dropDatabase = cleanup.add('metrics database', () => database.drop());
    const api = await startProcess(database.url, 'api', 'metrics-api');
    results.metrics = await metricsPart(database.url, api.url, sizes.metricsSubmissions);
    await api.stop();
    await dropDatabase();
  }

  results.durationS = Math.round((performance.now() - runStarted) / 1000);
  results.machine.loadavgAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
  results.serviceLogs = Object.fromEntries(tallies.map((t) => [t.name, Object.fromEntries(t.byMessage)]));
  log(`\nexam day${QUICK ? ' (quick)' : ''}, ${results.commit}, ${results.durationS} s`);
  for (const line of table(results)) log(line);
  const logLines = tallies.flatMap((t) => t.summary());
  log(logLines.length > 0 ? `service log lines (warn and up):\n${logLines.join('\n')}` : 'service log lines: none');
  log(
    `machine: ${results.machine.cpuModel}, ${cores} cores, ${results.machine.totalMemoryGb} GB, node ${results.machine.node}; ` +
      `load average at start ${loadavgAtStart.join(', ')}, at end ${results.machine.loadavgAtEnd.join(', ')}`,
  );
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${RESULTS_FILE}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`\n${signal}: stopping the processes and dropping the databases`);
    void cleanup.all().finally(() => process.exit(130));
  });
}

void main()
  .catch((err: unknown) => {
    if (interrupted) return new Promise<never>(() => undefined);
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup.all();
    // Open handles (keep-alive sockets, timers of the imported modules) must not keep the run alive.
    process.exit();
  });
