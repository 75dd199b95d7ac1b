/**
 * The parts of bench/exam-day.bench.ts, each against the built service it is handed: autosave under load (and the
 * bare baseline), the burst of starts, reviewers draining the queue, deadlines falling due together, and the
 * metrics report. Every part returns the figures that go in bench/results/latest.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { SystemClock } from '../src/common/clock/clock.js';
import { AppConfig } from '../src/config/app-config.js';
import { validateEnvironment } from '../src/config/env.validation.js';
import { autoSubmitJob } from '../src/invitations/attempt-deadline.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { BENCH_ADMIN } from './bench-service.js';
import {
  type Candidate,
  type SeededAssessment,
  seedInvited,
  seedQueued,
  seedReviewers,
  seedStarted,
} from './exam-day-seed.js';
import {
  answerBody,
  autosave,
  type AutosaveResult,
  call,
  callOk,
  countStatuses,
  inParallel,
  latencies,
  memoryMb,
  sampleRss,
  type Timed,
} from './load.js';
import { seed as seedMetricsHistory, timeEndpoint } from './metrics.bench.js';

export interface Sizes {
  connections: number;
  autosaveSeconds: number;
  warmupSeconds: number;
  autosaveAttempts: number;
  burstStarts: number;
  reviewers: number;
  queued: number;
  expiryAttempts: number;
  /** How long after seeding the first cutoff comes: time to write the rows and enqueue the jobs. */
  expiryLeadSeconds: number;
  /** How long after the last cutoff to wait for stragglers before counting them as never submitted. */
  expiryWaitSeconds: number;
  metricsSubmissions: number;
}

export const SIZES: Record<'full' | 'quick', Sizes> = {
  full: {
    connections: 50,
    autosaveSeconds: 15,
    warmupSeconds: 3,
    autosaveAttempts: 200,
    burstStarts: 3000,
    reviewers: 100,
    queued: 10_000,
    expiryAttempts: 10_000,
    expiryLeadSeconds: 40,
    expiryWaitSeconds: 240,
    metricsSubmissions: 1_000_000,
  },
  quick: {
    connections: 50,
    autosaveSeconds: 8,
    warmupSeconds: 2,
    autosaveAttempts: 200,
    burstStarts: 1000,
    reviewers: 100,
    queued: 2000,
    expiryAttempts: 2000,
    expiryLeadSeconds: 20,
    expiryWaitSeconds: 120,
    metricsSubmissions: 100_000,
  },
};

export type Log = (line: string) => void;

/** What a part needs of the run: the api process, its database, and the settings every process shares. */
export interface Stage {
  sizes: Sizes;
  log: Log;
  db: pg.Client;
  databaseUrl: string;
  api: ChildProcess;
  apiUrl: string;
  /** The settings given to every service process of the run (queue, JWT secret, limits). */
  serviceEnv: Readonly<Record<string, string>>;
  assessment: SeededAssessment;
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const seconds = (ms: number): number => Math.round(ms) / 1000;
const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** The service's configuration as the run's processes read it (for the grace period and the queue). */
export function serviceConfig(stage: Pick<Stage, 'databaseUrl' | 'serviceEnv'>): AppConfig {
  return new AppConfig(
    validateEnvironment({
      ...process.env,
      NODE_ENV: 'production',
      ...stage.serviceEnv,
      DATABASE_URL: stage.databaseUrl,
    }),
  );
}

/** The baseline (bench/baseline-server.ts) as a process of its own, like the service; resolves once it answers. */
export async function startBaseline(databaseUrl: string, port: number, graceSeconds: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./baseline-server.js', import.meta.url))], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), ATTEMPT_GRACE_SECONDS: String(graceSeconds) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 60; i++) {
    if (child.exitCode !== null) throw new Error(`the baseline exited with ${child.exitCode}`);
    if ((await call('GET', `http://127.0.0.1:${port}/health`)).status === 200) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the baseline did not answer in 15 s');
}

/** Invited candidates who pressed Start over the API (so their attempts are started as the service starts them). */
export async function startedCandidates(stage: Stage, count: number, label: string): Promise<Candidate[]> {
  const candidates = await seedInvited(stage.db, stage.assessment, count, label);
  await inParallel(candidates, 8, (c) =>
    callOk('POST', `${stage.apiUrl}/api/v1/candidate/attempt/start`, { headers: bearer(c.token) }),
  );
  return candidates;
}

export interface AutosaveFigures {
  autosave: {
    rps: number;
    p50Ms: number;
    p99Ms: number;
    errors: number;
    statusCounts: Record<string, number>;
    baselineRps: number;
    baselineP50Ms: number;
    baselineP99Ms: number;
    baselineErrors: number;
    ratio: number;
    connections: number;
    seconds: number;
    attempts: number;
  };
  memory: { peakRssMb: number; sampledPeakRssMb: number };
}

const autosaveFigures = (r: AutosaveResult): Pick<AutosaveResult, 'rps' | 'p50Ms' | 'p99Ms' | 'errors'> => ({
  rps: round(r.rps),
  p50Ms: round(r.p50Ms),
  p99Ms: round(r.p99Ms),
  errors: r.errors,
});

/**
 * The same load on the service, then on the baseline, each after a warm-up (JIT, pools): saves of a 2 KB answer
 * by `autosaveAttempts` candidates over `connections` connections. The api process's memory is read meanwhile.
 */
export async function autosavePart(
  stage: Stage,
  candidates: Candidate[],
  baselineUrl: string,
): Promise<AutosaveFigures> {
  const { sizes, log } = stage;
  const load = (url: string, durationS: number) => ({
    baseUrls: [url],
    connections: sizes.connections,
    durationS,
    tokens: candidates.map((c) => c.token),
    questionKeys: stage.assessment.questionKeys,
    body: answerBody(),
  });
  log(`  service: ${sizes.warmupSeconds} s warm-up, ${sizes.autosaveSeconds} s measured`);
  await autosave(load(stage.apiUrl, sizes.warmupSeconds));
  const stopSampling = sampleRss(stage.api.pid!);
  const service = await autosave(load(stage.apiUrl, sizes.autosaveSeconds));
  const sampledPeak = stopSampling();
  const peak = memoryMb(stage.api.pid!, 'VmHWM');
  log(`  baseline: ${sizes.warmupSeconds} s warm-up, ${sizes.autosaveSeconds} s measured`);
  await autosave(load(baselineUrl, sizes.warmupSeconds));
  const baseline = await autosave(load(baselineUrl, sizes.autosaveSeconds));
  const b = autosaveFigures(baseline);
  return {
    autosave: {
      ...autosaveFigures(service),
      statusCounts: service.statusCounts,
      baselineRps: b.rps,
      baselineP50Ms: b.p50Ms,
      baselineP99Ms: b.p99Ms,
      baselineErrors: b.errors,
      ratio: round(service.rps / baseline.rps, 3),
      connections: sizes.connections,
      seconds: sizes.autosaveSeconds,
      attempts: candidates.length,
    },
    memory: { peakRssMb: round(peak), sampledPeakRssMb: round(sampledPeak) },
  };
}

export interface BurstFigures {
  starts: number;
  statusCounts: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From the first press to the last answer. */
  wallS: number;
  /** Attempts the database holds as started afterwards (a 5xx may still have started one). */
  startedInDb: number;
}

/**
 * `burstStarts` invited candidates press Start within one second: request i goes out i/N of a second in, each on
 * a connection of its own, and every answer (or socket error) is counted.
 */
export async function burstPart(stage: Stage): Promise<BurstFigures> {
  const candidates = await seedInvited(stage.db, stage.assessment, stage.sizes.burstStarts, 'burst');
  const url = `${stage.apiUrl}/api/v1/candidate/attempt/start`;
  const started = performance.now();
  const results = await Promise.all(
    candidates.map(
      (c, i) =>
        new Promise<Timed>((resolve) =>
          setTimeout(
            () => void call('POST', url, { headers: bearer(c.token) }).then(resolve),
            (i * 1000) / candidates.length,
          ),
        ),
    ),
  );
  const wall = performance.now() - started;
  const { rows } = await stage.db.query<{ started: number }>(
    `SELECT count(*)::int AS started FROM invitations WHERE id = ANY($1) AND status = 'started'`,
    [candidates.map((c) => c.invitationId)],
  );
  const l = latencies(results.map((r) => r.ms));
  return {
    starts: candidates.length,
    statusCounts: countStatuses(results),
    p50Ms: round(l.p50Ms),
    p99Ms: round(l.p99Ms),
    maxMs: round(l.maxMs),
    wallS: seconds(wall),
    startedInDb: rows[0].started,
  };
}

export interface ClaimFigures {
  reviewers: number;
  queued: number;
  claimed: number;
  /** Still in the queue when every reviewer stopped (empty queue, or their limit). */
  left: number;
  claimsPerS: number;
  p50Ms: number;
  p99Ms: number;
  statusCounts: Record<string, number>;
  /** Submissions claimed more than once (reviews rows or submission.claimed events). */
  duplicates: number;
}

/**
 * `reviewers` reviewers, signed in over the API, each claiming again and again (REVIEW_MAX_ACTIVE is raised for the
 * run) until the queue of `queued` seeded submissions answers 204; then the database is asked whether any
 * submission was claimed twice.
 */
export async function claimPart(stage: Stage): Promise<ClaimFigures> {
  const { sizes, db, apiUrl } = stage;
  const queued = await seedQueued(db, stage.assessment, sizes.queued);
  const reviewers = await seedReviewers(db, sizes.reviewers);
  const tokens = await inParallel(reviewers, 4, async (r) => {
    const { accessToken } = await callOk<{ accessToken: string }>('POST', `${apiUrl}/api/v1/auth/login`, { json: r });
    return accessToken;
  });
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const started = performance.now();
  const perReviewer = await Promise.all(
    tokens.map(async (token) => {
      const calls: Timed[] = [];
      let failures = 0;
      for (;;) {
        const res = await call('POST', `${apiUrl}/api/v1/reviews/claim`, { headers: bearer(token), agent });
        calls.push(res);
        if (res.status === 200) continue;
        // 204: the queue is empty; 409: this reviewer holds REVIEW_MAX_ACTIVE claims.
        if (res.status === 204 || res.status === 409) break;
        if (++failures >= 20) break;
      }
      return calls;
    }),
  );
  const wall = performance.now() - started;
  agent.destroy();
  const calls = perReviewer.flat();
  const claimed = calls.filter((c) => c.status === 200).length;
  const { rows } = await db.query<{ duplicates: number; left: number }>(
    `SELECT
       (SELECT count(*)::int FROM (
          SELECT invitation_id FROM reviews WHERE invitation_id = ANY($1) GROUP BY invitation_id HAVING count(*) > 1
          UNION
          SELECT invitation_id FROM events WHERE type = 'submission.claimed' AND invitation_id = ANY($1)
          GROUP BY invitation_id HAVING count(*) > 1) d) AS duplicates,
       (SELECT count(*)::int FROM invitations WHERE id = ANY($1) AND status = 'submitted') AS left`,
    [queued],
  );
  const l = latencies(calls.map((c) => c.ms));
  return {
    reviewers: tokens.length,
    queued: queued.length,
    claimed,
    left: rows[0].left,
    claimsPerS: round(claimed / (wall / 1000)),
    p50Ms: round(l.p50Ms),
    p99Ms: round(l.p99Ms),
    statusCounts: countStatuses(calls),
    duplicates: rows[0].duplicates,
  };
}

export interface ExpiryFigures {
  attempts: number;
  submitted: number;
  /** From the last cutoff (deadline + grace) of the batch to the last submission processed. */
  lastSubmittedAfterS: number;
  /** Lateness: each submission's processing time minus its own deadline + grace. */
  p50LatenessS: number;
  p99LatenessS: number;
  maxLatenessS: number;
  /** Processed before its cutoff: must be 0. */
  early: number;
  /** Invitations with more than one attempt.submitted event. */
  duplicates: number;
  graceSeconds: number;
  /** Whether the jobs were all enqueued before the first cutoff (else lateness includes the enqueueing). */
  enqueuedInTime: boolean;
}

/**
 * `expiryAttempts` started attempts whose deadlines fall within one second, and for each the delayed auto-submit
 * job the service makes when an attempt starts (same name, id, payload and run time: autoSubmitJob, added with the
 * service's own JobsService). The attempts are written with SQL rather than started over the API because starting
 * thousands takes far longer than a second, which would spread the deadlines out. A worker process must be running.
 * Lateness is read from submit_processed_at: submitted_at of a deadline submission is the deadline itself.
 */
export async function expiryPart(stage: Stage): Promise<ExpiryFigures> {
  const { sizes, db, log } = stage;
  const config = serviceConfig(stage);
  const grace = config.attempts.graceSeconds;
  const n = sizes.expiryAttempts;
  const firstCutoff = Date.now() + sizes.expiryLeadSeconds * 1000;
  const deadlines = Array.from(
    { length: n },
    (_, i) => new Date(firstCutoff - grace * 1000 + Math.floor((i * 1000) / n)),
  );
  const ids = await seedStarted(db, stage.assessment, deadlines);
  const jobs = new JobsService(config, new SystemClock());
  try {
    await inParallel(
      ids.map((id, i) => autoSubmitJob(id, deadlines[i], grace)),
      32,
      (job) => jobs.add(job.name, job.payload, { jobId: job.jobId, runAt: job.runAt }),
    );
  } finally {
    await jobs.onApplicationShutdown();
  }
  const enqueuedInTime = Date.now() < firstCutoff;
  log(
    `  ${n} attempts and their jobs in place; cutoffs in ${Math.max(0, (firstCutoff - Date.now()) / 1000).toFixed(0)} s` +
      (enqueuedInTime ? '' : ' (enqueueing ran past the first cutoff)'),
  );
  const lastCutoff = deadlines[n - 1].getTime() + grace * 1000;
  const giveUpAt = lastCutoff + sizes.expiryWaitSeconds * 1000;
  let submitted = 0;
  let lastReport = Date.now();
  while (Date.now() < giveUpAt) {
    const { rows } = await db.query<{ submitted: number }>(
      `SELECT count(*)::int AS submitted FROM invitations WHERE id = ANY($1) AND submit_processed_at IS NOT NULL`,
      [ids],
    );
    submitted = rows[0].submitted;
    if (submitted === n) break;
    if (Date.now() - lastReport > 10_000 && Date.now() > lastCutoff) {
      log(`  ${submitted} of ${n} submitted, ${((Date.now() - lastCutoff) / 1000).toFixed(0)} s after the last cutoff`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const { rows } = await db.query<{
    last_after: number | null;
    p50: number | null;
    p99: number | null;
    max: number | null;
    early: number;
    duplicates: number;
  }>(
    `WITH l AS (
       SELECT extract(epoch FROM submit_processed_at - (deadline + make_interval(secs => $2)))::float8 AS lateness,
         submit_processed_at, deadline
       FROM invitations WHERE id = ANY($1) AND submit_processed_at IS NOT NULL)
     SELECT extract(epoch FROM max(submit_processed_at) - to_timestamp($3::float8 / 1000))::float8 AS last_after,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY lateness) AS p50,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY lateness) AS p99,
       max(lateness) AS max, count(*) FILTER (WHERE lateness < 0)::int AS early,
       (SELECT count(*)::int FROM (
          SELECT invitation_id FROM events WHERE type = 'attempt.submitted' AND invitation_id = ANY($1)
          GROUP BY invitation_id HAVING count(*) > 1) d) AS duplicates
     FROM l`,
    [ids, grace, lastCutoff],
  );
  const r = rows[0];
  return {
    attempts: n,
    submitted,
    lastSubmittedAfterS: round(r.last_after ?? NaN, 2),
    p50LatenessS: round(r.p50 ?? NaN, 2),
    p99LatenessS: round(r.p99 ?? NaN, 2),
    maxLatenessS: round(r.max ?? NaN, 2),
    early: r.early,
    duplicates: r.duplicates,
    graceSeconds: grace,
    enqueuedInTime,
  };
}

export interface ScaleOutFigures {
  apiProcesses: number;
  workers: number;
  autosaveRps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** autosaveRps over the single api process's rps in this run. */
  vsOneApi: number | null;
}

/** The autosave load split evenly over the api processes given (they share the database, queue and worker). */
export async function scaleOutPart(
  stage: Stage,
  candidates: Candidate[],
  apiUrls: string[],
  oneApiRps: number | null,
): Promise<ScaleOutFigures> {
  const load = (durationS: number) => ({
    baseUrls: apiUrls,
    connections: stage.sizes.connections,
    durationS,
    tokens: candidates.map((c) => c.token),
    questionKeys: stage.assessment.questionKeys,
    body: answerBody(),
  });
  await autosave(load(stage.sizes.warmupSeconds));
  const result = await autosave(load(stage.sizes.autosaveSeconds));
  return {
    apiProcesses: apiUrls.length,
    workers: 1,
    autosaveRps: round(result.rps),
    p50Ms: round(result.p50Ms),
    p99Ms: round(result.p99Ms),
    errors: result.errors,
    vsOneApi: oneApiRps ? round(result.rps / oneApiRps, 3) : null,
  };
}

export interface MetricsFigures {
  submissions: number;
  p50Ms: number;
  p95Ms: number;
  seedS: number;
}

/**
 * bench/metrics.bench.ts's measurement on a database of its own: its history seeded, then
 * GET /api/v1/metrics/turnaround timed over HTTP as that benchmark times it (BENCH_RUNS calls after a warm-up).
 */
export async function metricsPart(databaseUrl: string, apiUrl: string, submissions: number): Promise<MetricsFigures> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  let seedMs: number;
  try {
    const started = performance.now();
    await seedMetricsHistory(db, submissions);
    seedMs = performance.now() - started;
  } finally {
    await db.end();
  }
  const { accessToken } = await callOk<{ accessToken: string }>('POST', `${apiUrl}/api/v1/auth/login`, {
    json: BENCH_ADMIN,
  });
  const timing = await timeEndpoint(apiUrl, accessToken);
  return { submissions, p50Ms: round(timing.median), p95Ms: round(timing.p95), seedS: round(seedMs / 1000) };
}
