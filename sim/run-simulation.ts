/**
 * `npm run simulate [-- --seed N --days 30]`: a month of hiring run through the real service once per policy
 * (Candor's default configuration and the naive baseline), then a table on stdout, the result file and the
 * chart. Options:
 *   --seed N          the trace's seed (default 1)
 *   --days N          days over which candidates are invited (default 30)
 *   --step N          virtual minutes per step (default 15)
 *   --drain-days N    how long after the last invitation the run may go on (default 10)
 *   --policies a,b    which policies (default candor,fifo; candor-no-forecast also exists)
 *   --windows b,f,g   the feedback windows in hours of the backend, frontend and graduate assessments
 *                     (default 120,96,72)
 *   --out DIR         where simulation.json and simulation.svg go (default bench/results)
 *   --keep            keep the databases (and the embedded PostgreSQL's directory) afterwards
 *   --sequential      run the policies one after the other (default: side by side, each on its own service)
 * DATABASE_URL: the PostgreSQL server to make the run's databases on (default: an embedded one, started here).
 * REDIS_URL: run BullMQ on Redis instead of on PostgreSQL.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_POLICIES, POLICIES, POLICY_NAMES, type PolicyName } from './policies.js';
import { buildResult, renderChart, renderTable, type SimulationResult } from './report.js';
import { databaseServer } from './service.js';
import { type PolicyRun, runPolicies } from './simulation.js';
import { defaultTraceOptions, generateTrace } from './trace.js';

interface CliOptions {
  seed: number;
  days: number;
  stepMinutes: number;
  drainDays: number;
  policies: PolicyName[];
  outDir: string;
  keep: boolean;
  sequential: boolean;
  windows: [number, number, number] | null;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    seed: 1,
    days: 30,
    stepMinutes: 15,
    drainDays: 10,
    policies: [...DEFAULT_POLICIES],
    outDir: 'bench/results',
    keep: false,
    sequential: false,
    windows: null,
  };
  const integer = (flag: string, value: string | undefined, min: number, max: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`${flag} takes a whole number from ${min} to ${max}, not "${value ?? ''}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--seed':
        options.seed = integer(flag, value, 0, 2 ** 31 - 1);
        i++;
        break;
      case '--days':
        options.days = integer(flag, value, 1, 120);
        i++;
        break;
      case '--step':
        options.stepMinutes = integer(flag, value, 1, 60);
        i++;
        break;
      case '--drain-days':
        options.drainDays = integer(flag, value, 0, 60);
        i++;
        break;
      case '--policies': {
        const names = (value ?? '').split(',').filter((n) => n !== '');
        const unknown = names.filter((n) => !(POLICY_NAMES as readonly string[]).includes(n));
        if (names.length === 0 || unknown.length > 0)
          throw new Error(`--policies takes a comma-separated list of ${POLICY_NAMES.join(', ')}`);
        options.policies = names as PolicyName[];
        i++;
        break;
      }
      case '--windows': {
        const hours = (value ?? '').split(',');
        if (hours.length !== 3) throw new Error('--windows takes three hours: backend,frontend,graduate');
        options.windows = hours.map((h) => integer(flag, h, 1, 720)) as [number, number, number];
        i++;
        break;
      }
      case '--out':
        if (!value) throw new Error('--out takes a directory');
        options.outDir = value;
        i++;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--sequential':
        options.sequential = true;
        break;
      default:
        throw new Error(`unknown option ${flag} (see sim/run-simulation.ts)`);
    }
  }
  return options;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const began = performance.now();
  const windows = options.windows;
  const trace = generateTrace({
    ...defaultTraceOptions(options.seed, options.days),
    ...(windows && { feedbackDueHours: { backend: windows[0], frontend: windows[1], graduate: windows[2] } }),
  });
  log(
    `Trace: seed ${options.seed}, ${options.days} days, ${trace.candidates.length} invitations, ${trace.reviewers.length} reviewers.`,
  );
  const server = await databaseServer(options.keep, log);
  let stopping = false;
  // Ctrl-C (or a kill): drop the run's databases and stop the embedded PostgreSQL before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      void server.stop().finally(() => process.exit(130));
    });
  }
  log(
    `Databases: ${server.description}; queue: ${process.env.REDIS_URL ? 'BullMQ on Redis (REDIS_URL)' : 'BullMQ on PostgreSQL'}.`,
  );
  let runs: PolicyRun[];
  try {
    for (const name of options.policies) log(`${name}: ${POLICIES[name].description}.`);
    runs = await runPolicies(
      trace,
      options.policies.map((name) => POLICIES[name]),
      {
        stepMinutes: options.stepMinutes,
        drainDays: options.drainDays,
        database: server.provider,
        log,
        sequential: options.sequential,
      },
    );
    for (const run of runs)
      log(
        `  ${run.policy}: ${run.virtualDays} virtual days in ${run.wallSeconds} s, ${run.requests} HTTP requests, ${run.mail.total} mails.`,
      );
  } finally {
    if (!stopping) await server.stop();
  }
  const result = buildResult(trace, options.stepMinutes, runs);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'simulation.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(outDir, 'simulation.svg'), renderChart(result));
  log('');
  log(renderTable(result));
  log('');
  for (const line of notes(result)) log(line);
  log(
    `Wrote ${join(outDir, 'simulation.json')} and simulation.svg; ${Math.round((performance.now() - began) / 1000)} s in all.`,
  );
}

/** What a reader needs beside the table: departures, refusals, anomalies, where the misses come from. */
function notes(result: SimulationResult): string[] {
  const lines: string[] = [];
  for (const [name, d] of Object.entries(result.details)) {
    for (const dep of d.departures)
      lines.push(
        `${name}: ${dep.reviewer} deactivated ${dep.at.slice(0, 16)} holding ${dep.claimsHeld} claims, ${dep.returnedToQueue} back in the queue.`,
      );
    const refusals = d.reviewers.reduce((n, r) => n + r.refusals, 0);
    const missedBy =
      Object.entries(d.misses.heldBy)
        .map(([who, n]) => `${who} ${n}`)
        .join(', ') || 'nobody';
    const weekdays =
      Object.entries(d.misses.bySubmittedWeekday)
        .map(([day, n]) => `${day} ${n}`)
        .join(', ') || 'none';
    lines.push(
      `${name}: ${refusals} completions refused by the feedback rules; misses held before their deadline by: ${missedBy}; unclaimed at the deadline: ${d.misses.unclaimedAtDeadline}; by weekday submitted: ${weekdays}.`,
    );
    if (d.anomalies.length > 0) lines.push(`${name}: ${d.anomalies.length} anomalies, first: ${d.anomalies[0]}`);
  }
  return lines;
}

main().then(
  // BullMQ and pg may hold sockets a moment after close: the result is written, so leave now.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`simulation failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
