/**
 * `npm run bench:metrics`: one million submissions seeded straight into a throw-away PostgreSQL database (the
 * submission_facts triggers fill the rollup as the rows go in), the built service started against it as a
 * process (ROLE=api), and GET /api/v1/metrics/turnaround timed over a 30-day window. Then the report statement
 * side by side with the baseline (the statement before the rollup, bench/baseline-report.ts), calls alternating
 * so both see the same machine; their results are compared. Prints median, p95, the ratios, and EXPLAIN
 * ANALYZE of both. The database is dropped at the end, whatever happens.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the server used;
 * BENCH_KEEP=1 keeps the database, BENCH_REUSE=<name> times such a database again without seeding.
 * BENCH_SUBMISSIONS (default 1000000) and BENCH_RUNS (default 40) size the run; BENCH_SERVICE_ENTRY is the built
 * service (default dist/main.js).
 */
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { freePort } from '../test/support/child-process.js';
import { BENCH_ADMIN, startService } from './bench-service.js';
import { REPORT_WORK_MEM, TURNAROUND_REPORT_SQL } from '../src/metrics/metrics.repository.js';
import { BASELINE_REPORT_SQL } from './baseline-report.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 5;

const urlFor = (database: string): string => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

const log = (line: string): void => void process.stdout.write(`${line}\n`);

/**
 * A year of history ending now, entirely in SQL. Per submission a few random draws decide the assessment
 * (12, two of them too long), the time used (auto-submitted at the limit for 10-45 %), the hours to the first
 * claim and to feedback (squared uniform, so most are quick and a tail is late and breached), and whether the
 * feedback has been sent yet. 10 % more invitations were never started.
 */
export async function seed(db: pg.Client, submissions: number): Promise<void> {
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SELECT setseed(0.42)`);
  await db.query(`
    INSERT INTO users (email, name, role, password_hash, created_at)
    SELECT 'reviewer' || g || '@bench.test', 'Reviewer ' || lpad(g::text, 2, '0'), 'reviewer', 'x', now() - interval '2 years'
    FROM generate_series(1, 25) g`);
  await db.query(`
    INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('recruiter@bench.test', 'Recruiter', 'recruiter', 'x', now())`);
  await db.query(`
    INSERT INTO assessments (title, role_title, time_limit_minutes, start_window_days, feedback_due_hours, sections, rubric, status,
      version, created_by, created_at, updated_at, published_at)
    SELECT 'Assessment ' || lpad(g::text, 2, '0'), 'Engineer', (ARRAY[45, 60, 90, 120])[1 + g % 4], 7, (ARRAY[72, 120])[1 + g % 2],
      '[]', '[]', 'published', 1, (SELECT id FROM users WHERE role = 'recruiter'), now() - interval '2 years', now() - interval '2 years',
      now() - interval '2 years'
    FROM generate_series(1, 12) g`);
  await db.query(`
    INSERT INTO assessment_versions (assessment_id, version, title, role_title, time_limit_minutes, feedback_due_hours, sections, rubric, published_at)
    SELECT id, 1, title, role_title, time_limit_minutes, feedback_due_hours, sections, rubric, published_at FROM assessments`);

  await db.query(
    `
    CREATE TEMP TABLE draws AS
    WITH a AS (SELECT row_number() OVER (ORDER BY title) AS n, id, time_limit_minutes AS lim, feedback_due_hours AS due FROM assessments),
    g AS (
      SELECT g, 1 + (g % 12) AS n, now() - random() * interval '365 days' AS submitted_at,
        random() AS r_auto, random() AS r_used, random() AS r_claim, random() AS r_fb, random() AS r_rev, random() AS r_rate
      FROM generate_series(1, $1::int) g)
    SELECT g.g, a.id AS assessment_id, a.lim, a.due, g.submitted_at,
      -- Two assessments run out of time often; the rest now and then.
      (g.r_auto < CASE WHEN g.n IN (3, 7) THEN 0.45 ELSE 0.1 END) AS auto,
      g.r_used, g.r_claim, g.r_fb, 1 + floor(g.r_rev * 25)::int AS reviewer_no, g.r_rate
    FROM g JOIN a USING (n)`,
    [submissions],
  );
  await db.query(`
    CREATE TEMP TABLE subs AS
    SELECT d.g, gen_random_uuid() AS id, d.assessment_id, d.lim, d.due, d.auto, d.submitted_at, d.reviewer_no, d.r_rate,
      d.submitted_at - (CASE WHEN d.auto THEN d.lim ELSE d.lim * (0.35 + 0.6 * d.r_used) END) * interval '1 minute' AS started_at,
      d.submitted_at + d.due * interval '1 hour' AS due_at,
      d.submitted_at + (d.due * 1.4 * d.r_fb * d.r_fb) * d.r_claim * 0.4 * interval '1 hour' AS claimed_at,
      d.submitted_at + (d.due * 1.4 * d.r_fb * d.r_fb) * interval '1 hour' AS sent_at
    FROM draws d`);
  // Bulk load without the secondary indexes, then build them once: minutes faster than index-per-row. The
  // rollup's refresh looks claims up by invitation, so that index stays.
  const { rows: secondary } = await db.query<{ indexname: string; indexdef: string }>(`
    SELECT indexname, indexdef FROM pg_indexes i
    WHERE schemaname = 'public' AND tablename IN ('invitations', 'reviews', 'candidate_ratings', 'submission_facts')
      AND indexname <> 'reviews_invitation_idx'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`);
  for (const index of secondary) await db.query(`DROP INDEX ${index.indexname}`);
  log('  draws ready; writing invitations');
  await db.query(`
    INSERT INTO invitations (id, assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status,
      time_limit_minutes, start_by, started_at, deadline, submitted_at, submitted_by, submit_processed_at, feedback_due_hours,
      feedback_due_at, feedback_sent_at, feedback_breached_at, created_at, updated_at)
    SELECT s.id, s.assessment_id, v.id, 'Candidate ' || s.g, 'c' || s.g || '@bench.test', 'bench-' || s.g,
      CASE WHEN s.sent_at <= now() THEN 'feedback_sent' WHEN s.claimed_at <= now() THEN 'in_review' ELSE 'submitted' END,
      s.lim, s.started_at + interval '5 days', s.started_at, s.started_at + s.lim * interval '1 minute', s.submitted_at,
      CASE WHEN s.auto THEN 'deadline' ELSE 'candidate' END, s.submitted_at, s.due, s.due_at,
      CASE WHEN s.sent_at <= now() THEN s.sent_at END,
      CASE WHEN s.due_at < least(s.sent_at, now()) THEN s.due_at END,
      s.started_at - (s.r_rate * 3) * interval '1 day', s.submitted_at
    FROM subs s JOIN assessment_versions v ON v.assessment_id = s.assessment_id`);
  await db.query(
    `
    INSERT INTO invitations (assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status,
      time_limit_minutes, start_by, feedback_due_hours, created_at, updated_at)
    SELECT v.assessment_id, v.id, 'Candidate', 'never@bench.test', 'bench-unstarted-' || g,
      CASE WHEN t < now() - interval '7 days' THEN 'expired' ELSE 'invited' END, v.time_limit_minutes, t + interval '7 days',
      v.feedback_due_hours, t, t
    FROM (SELECT g, now() - random() * interval '365 days' AS t, 1 + g % 12 AS n FROM generate_series(1, $1::int / 10) g) x
    JOIN (SELECT row_number() OVER (ORDER BY title) AS n, id FROM assessments) a USING (n)
    JOIN assessment_versions v ON v.assessment_id = a.id`,
    [submissions],
  );
  log('  writing reviews and ratings');
  await db.query(`
    CREATE TEMP TABLE reviewer_ids AS SELECT row_number() OVER (ORDER BY name)::int AS reviewer_no, id FROM users WHERE role = 'reviewer'`);
  // The claim that produced the feedback (or is still open), plus a revoked earlier claim for every breach.
  await db.query(`
    INSERT INTO reviews (invitation_id, reviewer_id, status, claimed_at, lease_expires_at, ended_at)
    SELECT s.id, r.id, CASE WHEN s.sent_at <= now() THEN 'completed' ELSE 'active' END,
      CASE WHEN s.due_at < s.sent_at THEN greatest(s.claimed_at, s.due_at + interval '1 hour') ELSE s.claimed_at END,
      s.claimed_at + interval '2 hours', CASE WHEN s.sent_at <= now() THEN s.sent_at END
    FROM subs s JOIN reviewer_ids r USING (reviewer_no)
    WHERE s.claimed_at <= now() OR (s.due_at < s.sent_at AND s.due_at + interval '1 hour' <= now())`);
  await db.query(`
    INSERT INTO reviews (invitation_id, reviewer_id, status, claimed_at, lease_expires_at, ended_at)
    SELECT s.id, r.id, 'revoked', least(s.claimed_at, s.due_at - interval '1 hour'), s.due_at, s.due_at
    FROM subs s JOIN reviewer_ids r ON r.reviewer_no = 1 + (s.reviewer_no % 25)
    WHERE s.due_at < least(s.sent_at, now())`);
  await db.query(`
    INSERT INTO candidate_ratings (invitation_id, stage, length, learning, feedback_usefulness, created_at)
    SELECT s.id, 'after_submit', 1 + floor(s.r_rate * 5)::int, 1 + floor(random() * 5)::int, NULL, s.submitted_at
    FROM subs s WHERE s.r_rate < 0.3`);
  await db.query(`
    INSERT INTO candidate_ratings (invitation_id, stage, length, learning, feedback_usefulness, created_at)
    SELECT s.id, 'after_feedback', 1 + floor(s.r_rate * 5)::int, 1 + floor(random() * 5)::int, 1 + floor(random() * 5)::int, s.sent_at
    FROM subs s WHERE s.r_rate < 0.2 AND s.sent_at <= now()`);
  log(`  building ${secondary.length} indexes`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  for (const index of secondary) await db.query(index.indexdef);
  log('  vacuum analyze');
  await db.query(`VACUUM ANALYZE`);
}

export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

export interface Timing {
  median: number;
  p95: number;
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

export async function timeEndpoint(baseUrl: string, token: string): Promise<Timing> {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const url = `${baseUrl}/api/v1/metrics/turnaround?from=${from.toISOString()}&to=${to.toISOString()}`;
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.json();
    if (!res.ok) throw new Error(`metrics answered ${res.status}`);
    if (i >= WARMUP) samples.push(performance.now() - started);
  }
  return summarise(samples);
}

/** As the service runs it: in a read-only transaction with the report's settings. */
async function runReport<T>(db: pg.Client, sql: string, params: unknown[], explain = false): Promise<T[]> {
  await db.query(`BEGIN READ ONLY`);
  try {
    await db.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
    await db.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
    const { rows } = await db.query(explain ? `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}` : sql, params);
    return rows as T[];
  } finally {
    await db.query(`COMMIT`);
  }
}

/** The two statements called alternately over one connection, so load on the machine falls on both alike. */
async function timeSideBySide(db: pg.Client, params: unknown[]): Promise<{ rollup: Timing; baseline: Timing }> {
  const rollup: number[] = [];
  const baseline: number[] = [];
  const statements = [
    [TURNAROUND_REPORT_SQL, rollup],
    [BASELINE_REPORT_SQL, baseline],
  ] as const;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [sql, samples] of statements) {
      const started = performance.now();
      await runReport(db, sql, params);
      if (i >= WARMUP) samples.push(performance.now() - started);
    }
  }
  return { rollup: summarise(rollup), baseline: summarise(baseline) };
}

/** Floats to 9 significant digits and object keys sorted, so two equal reports compare equal as text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(9));
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

/**
 * What the rollup costs a write: a candidate's rating of a window submission inserted with the facts trigger
 * and, alternately, with only that trigger disabled; each in a transaction rolled back, so nothing changes.
 */
async function timeWrites(db: pg.Client, from: Date): Promise<{ withRollup: Timing; without: Timing }> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT invitation_id AS id FROM submission_facts WHERE submitted_at >= $1 AND submit_length IS NULL LIMIT $2`,
    [from, WARMUP + RUNS],
  );
  const withRollup: number[] = [];
  const without: number[] = [];
  for (const [i, { id }] of rows.entries()) {
    for (const [samples, trigger] of [
      [withRollup, 'ENABLE'],
      [without, 'DISABLE'],
    ] as const) {
      await db.query('BEGIN');
      await db.query(`ALTER TABLE candidate_ratings ${trigger} TRIGGER candidate_ratings_facts_insert`);
      const started = performance.now();
      await db.query(
        `INSERT INTO candidate_ratings (invitation_id, stage, length, learning, created_at) VALUES ($1, 'after_submit', 3, 4, now())`,
        [id],
      );
      if (i >= WARMUP) samples.push(performance.now() - started);
      await db.query('ROLLBACK');
    }
  }
  return { withRollup: summarise(withRollup), without: summarise(without) };
}

async function explain(db: pg.Client, label: string, sql: string, params: unknown[]): Promise<void> {
  const rows = await runReport<{ 'QUERY PLAN': string }>(db, sql, params, true);
  log(`\n--- EXPLAIN ANALYZE: ${label} ---`);
  for (const row of rows) log(row['QUERY PLAN']);
}

const cells = (t: Timing): string => `${t.median.toFixed(1)} | ${t.p95.toFixed(1)} |`;

async function main(): Promise<void> {
  // BENCH_REUSE=<database> times a database a BENCH_KEEP=1 run left behind, without seeding again.
  const reuse = process.env.BENCH_REUSE;
  const name = reuse ?? `candor_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
  let service: ChildProcess | undefined;
  const db = new pg.Client({ connectionString: urlFor(name) });
  try {
    const port = await freePort();
    log(`database ${name}; starting the service (it migrates the empty database)`);
    service = await startService(urlFor(name), port);
    const baseUrl = `http://127.0.0.1:${port}`;
    await db.connect();

    if (!reuse) {
      log(`seeding ${SUBMISSIONS.toLocaleString('en')} submissions`);
      const seedStarted = performance.now();
      await seed(db, SUBMISSIONS);
      log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    }
    const counts = await db.query(`
      SELECT (SELECT count(*) FROM invitations WHERE submitted_at IS NOT NULL) AS submissions,
        (SELECT count(*) FROM submission_facts) AS facts,
        (SELECT count(*) FROM invitations) AS invitations, (SELECT count(*) FROM reviews) AS reviews,
        (SELECT count(*) FROM invitations WHERE submitted_at >= now() - interval '30 days') AS in_window`);
    log(`rows: ${JSON.stringify(counts.rows[0])}`);

    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BENCH_ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };

    log(
      `load average before timing: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}`,
    );
    const endpoint = await timeEndpoint(baseUrl, accessToken);
    const to = new Date();
    const params = [new Date(to.getTime() - 30 * 86_400_000), to, null, null, to];
    const [rollupReport, baselineReport] = [
      await runReport(db, TURNAROUND_REPORT_SQL, params),
      await runReport(db, BASELINE_REPORT_SQL, params),
    ];
    const same = canonical(rollupReport) === canonical(baselineReport);
    const statements = await timeSideBySide(db, params);
    const writes = await timeWrites(db, params[0] as Date);
    await explain(db, 'the report statement (submission_facts rollup)', TURNAROUND_REPORT_SQL, params);
    await explain(db, 'the baseline statement (before the rollup)', BASELINE_REPORT_SQL, params);

    log(`\n30-day window, ${RUNS} calls after ${WARMUP} warm-up calls each`);
    log(`| measured | median ms | p95 ms |`);
    log(`|---|---|---|`);
    log(`| GET /api/v1/metrics/turnaround over HTTP (rollup) | ${cells(endpoint)}`);
    log(`| report statement, baseline (joins reviews and ratings per call) | ${cells(statements.baseline)}`);
    log(`| report statement, submission_facts rollup | ${cells(statements.rollup)}`);
    log(
      `| ratio baseline / rollup | ${(statements.baseline.median / statements.rollup.median).toFixed(2)}x | ${(statements.baseline.p95 / statements.rollup.p95).toFixed(2)}x |`,
    );
    log(`| a rating insert (one write), facts trigger disabled | ${cells(writes.without)}`);
    log(`| a rating insert (one write), with the facts trigger | ${cells(writes.withRollup)}`);
    log(`same report from both statements: ${same ? 'yes' : 'NO'}`);
    log(`goal endpoint p95 < 250 ms: ${endpoint.p95 < 250 ? 'met' : 'NOT met'}`);
    // Shared machines: the figures only mean something next to the load they were taken under.
    log(
      `machine: ${cpus().length} cores, load average (1, 5, 15 min) at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}`,
    );
    if (!same) {
      log(`rollup:   ${canonical(rollupReport)}\nbaseline: ${canonical(baselineReport)}`);
      process.exitCode = 1;
    }
  } finally {
    service?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await db.end().catch(() => undefined);
    // BENCH_KEEP=1 keeps the seeded database for looking at plans by hand.
    if (process.env.BENCH_KEEP === '1') log(`kept ${name}`);
    else {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      log(`dropped ${name}`);
    }
    await admin.end();
  }
}

// Run when started as a script; bench/exam-day.bench.ts imports the seeding and timing above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
