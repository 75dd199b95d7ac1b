import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { isOk, type Outcome } from './http.js';
import { freePort } from '../support/child-process.js';
import {
  type HarnessPostgres,
  killIfCommand,
  type RedisServer,
  type ServiceProcess,
  sleep,
  waitUntil,
} from './processes.js';
import { Row, type RowResult, type Shared } from './row.js';

/**
 * Seconds within which all due work must be done after a repair: boot time, a sweep every 2 s, BullMQ's retries,
 * and 10 s before the sweep gives a mail held by a dead worker's job a job of its own.
 */
const RECOVERY_BOUND_S = 30;
/** Seconds the api may take from SIGTERM to exit with its in-flight requests answered. */
const DRAIN_BOUND_S = 15;
/** Deadlines (+ grace) fall from 62 s after t0 on; the faults are placed among them. */
const FAULT_AT_MS = 64_000;

const sleepUntil = (at: number): Promise<void> => sleep(Math.max(0, at - Date.now()));
const since = (t0: number, at: number): string => `t0+${((at - t0) / 1000).toFixed(1)} s`;

export interface Infra {
  /** PostgreSQL shared by rows 1, 2 and 4 (a database each). */
  pg: HarnessPostgres;
  /** PostgreSQL of row 3 only: it is restarted. */
  pgRestart: HarnessPostgres;
  /** Redis shared by rows 1, 3 and 4 (a queue prefix each); null without redis-server (BullMQ on PostgreSQL then). */
  redis: RedisServer | null;
  /** Redis of row 2 only: it is wiped and restarted. */
  redisWiped: RedisServer | null;
}

async function apiRow(
  tag: string,
  fault: string,
  shared: Shared,
  apis: number,
): Promise<{ row: Row; ports: number[] }> {
  const ports: number[] = [];
  for (let i = 0; i < apis; i++) ports.push(await freePort());
  return {
    row: new Row(
      tag,
      fault,
      shared,
      ports.map((p) => `http://127.0.0.1:${p}`),
    ),
    ports,
  };
}

/** 1. The worker is SIGKILLed while auto-submits and feedback reminders are due; a new worker is started 4 s later. */
export async function workerKillRow(shared: Shared, infra: Infra): Promise<RowResult> {
  const { row, ports } = await apiRow('row1', '1. SIGKILL worker during auto-submits and reminders', shared, 1);
  const url = await infra.pg.createDatabase('faults_row1');
  const extra = { DATABASE_URL: url, REDIS_URL: infra.redis?.url ?? '' };
  const [, worker] = await Promise.all([row.startApi('api', ports[0], extra), row.startWorker('worker', extra)]);
  row.connect(url);
  await row.setup();
  row.startLoad({ startSpreadMs: 8000 });
  await sleepUntil(row.t0 + FAULT_AT_MS - 3000);
  await row.seedReminders();
  await sleepUntil(row.t0 + FAULT_AT_MS);
  row.stopped.add(worker);
  worker.killNode();
  const killedAt = Date.now();
  row.killedAt.push(killedAt);
  await sleep(4000);
  const repairedAt = Date.now();
  await row.startWorker('worker2', extra);
  row.note(
    `worker SIGKILLed at ${since(row.t0, killedAt)}; a new worker started 4 s later and was ready after ${((Date.now() - repairedAt) / 1000).toFixed(1)} s; ` +
      `${row.cutoffsBetween(killedAt, Date.now())} deadlines fell while no worker ran`,
  );
  const recovery = await row.measureRecovery(repairedAt, RECOVERY_BOUND_S * 1000);
  return row.result(await row.finish(repairedAt, RECOVERY_BOUND_S * 1000), recovery, RECOVERY_BOUND_S);
}

/** 2. Redis is wiped (FLUSHALL: every delayed job and the sweep's scheduler gone) and then restarted empty. */
export async function redisWipeRow(shared: Shared, infra: Infra): Promise<RowResult> {
  const { row, ports } = await apiRow('row2', '2. Redis FLUSHALL, then Redis restart', shared, 1);
  const redis = infra.redisWiped!;
  const url = await infra.pg.createDatabase('faults_row2');
  const extra = { DATABASE_URL: url, REDIS_URL: redis.url };
  await Promise.all([row.startApi('api', ports[0], extra), row.startWorker('worker', extra)]);
  row.connect(url);
  await row.setup();
  row.startLoad({ startSpreadMs: 8000 });
  await sleepUntil(row.t0 + FAULT_AT_MS - 3000);
  await row.seedReminders();
  await sleepUntil(row.t0 + FAULT_AT_MS);
  await redis.flushAll();
  const wipedAt = Date.now();
  await sleep(2000);
  await redis.down();
  await sleep(2000);
  const repairedAt = Date.now();
  await redis.up();
  row.note(
    `FLUSHALL at ${since(row.t0, wipedAt)}, Redis stopped 2 s later and started again (empty) after 2 s more; ` +
      `${row.cutoffsBetween(wipedAt, Date.now())} deadlines fell meanwhile`,
  );
  const recovery = await row.measureRecovery(repairedAt, RECOVERY_BOUND_S * 1000);
  return row.result(await row.finish(repairedAt, RECOVERY_BOUND_S * 1000), recovery, RECOVERY_BOUND_S);
}

/** 3. PostgreSQL is stopped (fast shutdown) while candidates save, and started again 3 s later. */
export async function postgresRestartRow(shared: Shared, infra: Infra): Promise<RowResult> {
  const { row, ports } = await apiRow('row3', '3. PostgreSQL restart under saves', shared, 1);
  const url = await infra.pgRestart.createDatabase('faults_row3');
  const extra = { DATABASE_URL: url, REDIS_URL: infra.redis?.url ?? '' };
  await Promise.all([row.startApi('api', ports[0], extra), row.startWorker('worker', extra)]);
  row.connect(url);
  await row.setup();
  row.startLoad({ startSpreadMs: 8000 });
  await sleepUntil(row.t0 + FAULT_AT_MS - 3000);
  await row.seedReminders();
  await sleepUntil(row.t0 + FAULT_AT_MS);
  // Mail in flight when PostgreSQL goes: the SMTP server accepts it while the sender's database is away.
  const burst = await row.inviteBurst(12);
  await sleep(100);
  const stopping = Date.now();
  await infra.pgRestart.stop();
  const stoppedAt = Date.now();
  await sleep(3000);
  const repairedAt = Date.now();
  await infra.pgRestart.start();
  row.note(
    `${burst} invitation emails sent just before; fast shutdown at ${since(row.t0, stopping)} took ${((stoppedAt - stopping) / 1000).toFixed(1)} s; down ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s; ` +
      `${row.cutoffsBetween(stopping, Date.now())} deadlines fell meanwhile`,
  );
  const recovery = await row.measureRecovery(repairedAt, RECOVERY_BOUND_S * 1000);
  return row.result(await row.finish(repairedAt, RECOVERY_BOUND_S * 1000), recovery, RECOVERY_BOUND_S);
}

/**
 * 4. One of two api instances gets SIGTERM under autosave load. To know which requests it had accepted, the suite
 * holds the row locks of some candidates' invitations, sends their saves to that instance, waits until PostgreSQL
 * shows them waiting (the instance is inside those requests; any not seen yet wait for one of its pooled
 * connections), sends SIGTERM, then lets go: each of those requests must be answered 200, and the instance must
 * exit cleanly; the other instance keeps serving. Later the worker gets SIGTERM with mail in flight.
 */
export async function apiTermRow(shared: Shared, infra: Infra): Promise<RowResult> {
  const { row, ports } = await apiRow('row4', '4. SIGTERM one of two apis under autosave, then the worker', shared, 2);
  const url = await infra.pg.createDatabase('faults_row4');
  const extra = { DATABASE_URL: url, REDIS_URL: infra.redis?.url ?? '' };
  const [apiA, , worker] = await Promise.all([
    row.startApi('apiA', ports[0], extra),
    row.startApi('apiB', ports[1], extra),
    row.startWorker('worker', extra),
  ]);
  row.connect(url);
  await row.setup();
  // Mid-attempt: every candidate is saving, no deadline has fallen yet.
  const faultAt = 40_000;
  row.startLoad({ startSpreadMs: 8000 });
  await sleepUntil(row.t0 + faultAt);
  const baseA = `http://127.0.0.1:${ports[0]}`;
  const held = row.candidates.filter((c) => c.open && (c.cutoffMs ?? 0) > Date.now() + 10_000).slice(0, 6);
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  let inFlight: Promise<Outcome>[];
  let waiting = 0;
  let termAt: number;
  try {
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM invitations WHERE id = ANY($1) FOR UPDATE', [held.map((c) => c.invitationId)]);
    inFlight = held.map((c) => c.saveOnce('design', c.valueFor('design'), baseA));
    await waitUntil(
      async () => {
        const r = await locker.query<{ n: number }>(
          `SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.datname = current_database()`,
        );
        waiting = r.rows[0].n;
        return waiting >= held.length;
      },
      3000,
      20,
    );
    row.stopped.add(apiA);
    apiA.terminate();
    termAt = Date.now();
    row.api.retire(baseA);
    await sleep(500);
  } finally {
    await locker.query('COMMIT').catch(() => undefined);
    await locker.end().catch(() => undefined);
  }
  const outcomes = await Promise.all(inFlight);
  const exit = await Promise.race([apiA.exited, sleep(DRAIN_BOUND_S * 1000 + 5000).then(() => null)]);
  const drainS = apiA.exitedAt ? (apiA.exitedAt - termAt) / 1000 : null;
  const answered = outcomes.filter(isOk).length;
  const dropped = outcomes.filter((o) => o.kind === 'error').length;
  const otherwise = outcomes
    .filter((o) => o.kind === 'response' && !isOk(o))
    .map((o) => (o.kind === 'response' ? o.status : 0));
  row.note(
    `SIGTERM at ${since(row.t0, termAt)} with ${held.length} saves inside api A (${waiting} seen waiting on their row locks); ` +
      `${answered} answered 200, ${dropped} cut off without an answer${otherwise.length ? `, answered ${otherwise.join(', ')}` : ''}; ` +
      `api A exited ${exit ? `with ${exit.code ?? exit.signal}` : 'not at all'} after ${drainS?.toFixed(1) ?? '-'} s; api B kept serving`,
  );

  // Then the worker gets SIGTERM with mail in flight: it must finish those sends and record them before the
  // database connection closes (else the next worker sends them again); a new worker takes over.
  await sleepUntil(row.t0 + 50_000);
  const burst = await row.inviteBurst(8);
  await sleep(100);
  row.stopped.add(worker);
  worker.terminate();
  const workerTermAt = Date.now();
  const workerExit = await Promise.race([worker.exited, sleep(DRAIN_BOUND_S * 1000 + 5000).then(() => null)]);
  const workerDrainS = worker.exitedAt ? (worker.exitedAt - workerTermAt) / 1000 : null;
  await row.startWorker('worker2', extra);
  row.note(
    `worker SIGTERMed at ${since(row.t0, workerTermAt)} with ${burst} invitation emails in flight; it exited ` +
      `${workerExit ? `with ${workerExit.code ?? workerExit.signal}` : 'not at all'} after ${workerDrainS?.toFixed(1) ?? '-'} s; a new worker took over`,
  );
  const workerCleanly =
    workerExit !== null && workerExit.code === 0 && workerDrainS !== null && workerDrainS <= DRAIN_BOUND_S;
  if (!workerCleanly) row.note(`the worker did not exit cleanly:\n${worker.output.slice(-1500)}`);

  // The held saves are not retried: one without an answer (or with an error) is a request A accepted and dropped.
  const checks = await row.finish(termAt, RECOVERY_BOUND_S * 1000);
  checks.lost += dropped + otherwise.length;
  const exitedCleanly = exit !== null && exit.code === 0;
  if (!exitedCleanly) row.note(`api A did not exit cleanly:\n${apiA.output.slice(-1500)}`);
  const result = row.result(checks, drainS, DRAIN_BOUND_S, !exitedCleanly || !workerCleanly);
  return result;
}

/**
 * 5. The embedded default (its own PostgreSQL in DATA_DIR, BullMQ on PostgreSQL): first the service alone is
 * SIGKILLed (its PostgreSQL is orphaned; the restart must stop it and say so), then service and PostgreSQL are
 * SIGKILLed together (a power cut; the restart must recover). Each time it is started again at once.
 */
export async function embeddedPowerCutRow(shared: Shared): Promise<RowResult> {
  const port = await freePort();
  const pgPort = await freePort();
  const row = new Row('row5', '5. embedded: SIGKILL service, then power cut', shared, [`http://127.0.0.1:${port}`]);
  const dataDir = join(shared.root, 'row5-data');
  const start = (name: string): Promise<ServiceProcess> =>
    row.start({
      name: `row5 ${name}`,
      entry: shared.entry,
      env: row.env({
        ROLE: 'all',
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(pgPort),
      }),
      ready: /Candor \(all\) listening on/,
    });
  const first = await start('service');
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as {
    embeddedPostgresPassword: string;
  };
  row.connect(`postgres://postgres:${encodeURIComponent(secrets.embeddedPostgresPassword)}@127.0.0.1:${pgPort}/candor`);
  // Whatever happens, the last postmaster of this data folder is stopped at the end.
  shared.cleanup.task(() => {
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) killIfCommand(pid, dataDir);
  });
  await row.setup();
  const faultAt = 58_000;
  row.startLoad({ startSpreadMs: 16_000 });
  await sleepUntil(row.t0 + faultAt - 3000);
  await row.seedReminders();
  await sleepUntil(row.t0 + faultAt);

  row.stopped.add(first);
  first.killNode();
  const killedAt = Date.now();
  row.killedAt.push(killedAt);
  const second = await start('restart after SIGKILL');
  const orphanLine =
    /found the embedded PostgreSQL of an earlier run still running[^\n]*\n[^\n]*stopped the orphaned[^\n]*/
      .exec(second.output)?.[0]
      .replace('\n', '; ');
  row.note(
    `service SIGKILLed at ${since(row.t0, killedAt)}, back after ${((Date.now() - killedAt) / 1000).toFixed(1)} s; it said: ${orphanLine ?? '(nothing about the orphan)'}`,
  );
  const recovery1 = await row.measureRecovery(killedAt, RECOVERY_BOUND_S * 1000);

  await sleepUntil(row.t0 + faultAt + 14_000);
  row.stopped.add(second);
  second.powerCut();
  const cutAt = Date.now();
  row.killedAt.push(cutAt);
  await sleep(500);
  const third = await start('restart after power cut');
  const cutLine = /the embedded PostgreSQL in [^\n]* was not shut down cleanly[^\n]*/.exec(third.output)?.[0];
  row.note(
    `power cut (service and PostgreSQL SIGKILLed) at ${since(row.t0, cutAt)}, back after ${((Date.now() - cutAt) / 1000).toFixed(1)} s; ` +
      `it said: ${cutLine ?? '(nothing about the crash)'}; ${row.cutoffsBetween(killedAt, Date.now())} deadlines fell during the two outages`,
  );
  const recovery2 = await row.measureRecovery(cutAt, RECOVERY_BOUND_S * 1000);
  const checks = await row.finish(cutAt, RECOVERY_BOUND_S * 1000);
  const recovery = recovery1 === null || recovery2 === null ? null : Math.max(recovery1, recovery2);
  row.note(
    `recovery: ${recovery1?.toFixed(1) ?? '-'} s after the SIGKILL, ${recovery2?.toFixed(1) ?? '-'} s after the power cut (boot included)`,
  );
  row.stopped.add(third);
  await third.stop();
  return row.result(checks, recovery, RECOVERY_BOUND_S, orphanLine === undefined || cutLine === undefined);
}
