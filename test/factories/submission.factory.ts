import { randomBytes } from 'node:crypto';
import { type TestApp } from '../support/test-app.js';

export interface RubricRow {
  key: string;
  title: string;
  description?: string;
  maxScore: number;
}

export const SUBMISSION_RUBRIC: RubricRow[] = [
  { key: 'correctness', title: 'Correctness', description: 'Edge cases handled', maxScore: 5 },
  { key: 'clarity', title: 'Clarity', maxScore: 3 },
];

const SECTIONS = [
  { kind: 'reading', title: 'About us', body: 'We build ledgers for small shops.' },
  { kind: 'question', key: 'design', prompt: 'How would you make a payout job safe to retry?', type: 'text' },
  { kind: 'question', key: 'pick', prompt: 'Which isolation level?', type: 'choice', options: ['read committed', 'serializable'] },
];

export interface SeededAssessment {
  assessmentId: string;
  versionId: string;
  title: string;
}

export interface SeededSubmission {
  id: string;
  candidateName: string;
  candidateEmail: string;
  submittedAt: Date;
  feedbackDueAt: Date;
}

/** An assessment with one published version, inserted with SQL (fast; no HTTP, no other feature's code). */
export async function seedAssessment(t: TestApp, createdBy: string, feedbackDueHours = 120): Promise<SeededAssessment> {
  const now = t.clock.now();
  const title = `Backend take-home ${randomBytes(3).toString('hex')}`;
  const [a] = (await t.dataSource.query(
    `INSERT INTO assessments (title, role_title, team, time_limit_minutes, start_window_days, feedback_due_hours, sections, rubric, status, version, created_by, created_at, updated_at, published_at)
     VALUES ($1, 'Backend Engineer', 'Payments', 60, 7, $2, $3, $4, 'published', 1, $5, $6, $6, $6) RETURNING id`,
    [title, feedbackDueHours, JSON.stringify(SECTIONS), JSON.stringify(SUBMISSION_RUBRIC), createdBy, now],
  )) as { id: string }[];
  const [v] = (await t.dataSource.query(
    `INSERT INTO assessment_versions (assessment_id, version, title, role_title, team, time_limit_minutes, feedback_due_hours, sections, rubric, published_at)
     VALUES ($1, 1, $2, 'Backend Engineer', 'Payments', 60, $3, $4, $5, $6) RETURNING id`,
    [a.id, title, feedbackDueHours, JSON.stringify(SECTIONS), JSON.stringify(SUBMISSION_RUBRIC), now],
  )) as { id: string }[];
  return { assessmentId: a.id, versionId: v.id, title };
}

export interface SubmissionOptions {
  /** Default: the clock's now. */
  submittedAt?: Date;
  /** Default: submittedAt + 120 h. */
  feedbackDueAt?: Date;
  invitedBy?: string | null;
  answers?: Record<string, string>;
}

/** One submitted invitation, waiting in the review queue, with its answers. */
export async function seedSubmission(t: TestApp, assessment: SeededAssessment, options: SubmissionOptions = {}): Promise<SeededSubmission> {
  const submittedAt = options.submittedAt ?? t.clock.now();
  const feedbackDueAt = options.feedbackDueAt ?? new Date(submittedAt.getTime() + 120 * 3_600_000);
  const tag = randomBytes(4).toString('hex');
  const candidateName = `Zelda Quixote ${tag}`;
  const candidateEmail = `zelda.${tag}@candidate.test`;
  const startedAt = new Date(submittedAt.getTime() - 50 * 60_000);
  const [row] = (await t.dataSource.query(
    `INSERT INTO invitations (assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status, time_limit_minutes,
                              start_by, started_at, deadline, submitted_at, submitted_by, submit_processed_at, feedback_due_hours, feedback_due_at,
                              invited_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'submitted', 60, $6, $7, $8, $9, 'candidate', $9, $10, $11, $12, $7, $9) RETURNING id`,
    [
      assessment.assessmentId,
      assessment.versionId,
      candidateName,
      candidateEmail,
      randomBytes(32).toString('hex'),
      new Date(startedAt.getTime() + 7 * 24 * 3_600_000),
      startedAt,
      new Date(startedAt.getTime() + 60 * 60_000),
      submittedAt,
      Math.round((feedbackDueAt.getTime() - submittedAt.getTime()) / 3_600_000),
      feedbackDueAt,
      options.invitedBy ?? null,
    ],
  )) as { id: string }[];
  const answers = options.answers ?? { design: `${QUOTED_PASSAGE} (${tag}).`, pick: 'serializable' };
  for (const [key, value] of Object.entries(answers)) {
    await t.dataSource.query(`INSERT INTO answers (invitation_id, question_key, value, revision, saved_at) VALUES ($1, $2, $3, 1, $4)`, [row.id, key, value, submittedAt]);
  }
  return { id: row.id, candidateName, candidateEmail, submittedAt, feedbackDueAt };
}

/** `count` submissions, the i-th due `i` minutes after the first (so queue order is known). */
export async function seedSubmissions(t: TestApp, assessment: SeededAssessment, count: number, options: SubmissionOptions = {}): Promise<SeededSubmission[]> {
  const base = options.feedbackDueAt ?? new Date(t.clock.now().getTime() + 120 * 3_600_000);
  const out: SeededSubmission[] = [];
  for (let i = 0; i < count; i++) {
    out.push(await seedSubmission(t, assessment, { ...options, feedbackDueAt: new Date(base.getTime() + i * 60_000) }));
  }
  return out;
}

/** The passage of the seeded answers (seedSubmission's and createSubmission's) that goodFeedback comments on. */
export const QUOTED_PASSAGE = 'Make it idempotent with a key per payout';

const WORDS = `
  ledger payout retry queue worker handler timeout backoff jitter lock row index schema migration column
  transaction isolation snapshot commit rollback savepoint deadlock contention latency throughput budget cache
  eviction expiry lease token hash secret rotation audit trail event stream consumer producer offset partition
  replica failover quorum leader follower heartbeat probe metric histogram percentile alert dashboard runbook
  incident postmortem rollout canary flag toggle config secret vault policy boundary module service adapter
  port domain entity aggregate invariant validation parser lexer grammar fixture factory mock stub spy fake
  assertion coverage mutation property fuzz seed invariant contract schema version header cursor pagination
  filter sorting ranking search ingest export import archive compression checksum signature certificate
  careful precise concise thorough readable robust brittle elegant pragmatic explicit implicit defensive
  lazy eager bounded unbounded ordered unordered durable volatile atomic partial complete consistent
  measured clearly quietly promptly safely gently firmly briefly openly rarely often always never
  handles names explains covers misses skips checks guards retries logs measures splits merges bounds
  documents questions weighs compares chooses rejects prefers reuses avoids isolates orders batches
  reconciler settlement refund chargeback invoice currency rounding cents decimal float overflow underflow
  boundary window sliding fixed bucket limiter throttle semaphore mutex channel buffer backpressure
`.split(/\s+/).filter((w) => w !== '');

/** A deterministic stream of numbers from a tag (mulberry32 over a hash of the tag). */
function randomFrom(tag: string): () => number {
  let state = 0;
  for (const ch of tag) state = (Math.imul(state ^ ch.charCodeAt(0), 2654435761) + 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` different words of the pool, as a sentence: unlike any other tag's (the near-copy rule compares all feedback). */
function sentence(random: () => number, count: number): string {
  const pool = [...WORDS];
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return `${words[0][0].toUpperCase()}${words.slice(1).reduce((text, w) => `${text} ${w}`, words[0].slice(1))}.`;
}

/**
 * Feedback that meets every rule, its texts drawn from a word pool by `tag`: two tags give texts far apart
 * (the near-copy rule compares them with every feedback sent before), and one anchored comment on
 * QUOTED_PASSAGE of the answer to `design`.
 */
export function goodFeedback(tag: string): Record<string, unknown> {
  const random = randomFrom(tag);
  return {
    decision: 'advance',
    scores: { correctness: 4, clarity: 2 },
    criteria: {
      correctness: `${sentence(random, 6)} ${sentence(random, 5)}`,
      clarity: `${sentence(random, 6)} ${sentence(random, 5)}`,
    },
    summary: `${sentence(random, 9)} ${sentence(random, 8)}`,
    strengths: `${sentence(random, 9)} ${sentence(random, 8)}`,
    improvements: `${sentence(random, 9)} ${sentence(random, 8)}`,
    comments: [{ questionKey: 'design', quote: { exact: QUOTED_PASSAGE }, text: `${sentence(random, 6)} ${sentence(random, 5)}` }],
  };
}
