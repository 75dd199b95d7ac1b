import { randomBytes } from 'node:crypto';
import { poolSentences, seededRandom, seedOf } from '../support/generated-text.js';
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
  // As the service stores them: `required` is always written (see CreateAssessmentDto).
  {
    kind: 'question',
    key: 'design',
    prompt: 'How would you make a payout job safe to retry?',
    type: 'text',
    required: true,
  },
  {
    kind: 'question',
    key: 'pick',
    prompt: 'Which isolation level?',
    type: 'choice',
    options: ['read committed', 'serializable'],
    required: false,
  },
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
  const [a] = await t.dataSource.query<{ id: string }[]>(
    `INSERT INTO assessments (title, role_title, team, time_limit_minutes, start_window_days, feedback_due_hours, sections, rubric, status, version, created_by, created_at, updated_at, published_at)
     VALUES ($1, 'Backend Engineer', 'Payments', 60, 7, $2, $3, $4, 'published', 1, $5, $6, $6, $6) RETURNING id`,
    [title, feedbackDueHours, JSON.stringify(SECTIONS), JSON.stringify(SUBMISSION_RUBRIC), createdBy, now],
  );
  const [v] = await t.dataSource.query<{ id: string }[]>(
    `INSERT INTO assessment_versions (assessment_id, version, title, role_title, team, time_limit_minutes, feedback_due_hours, sections, rubric, published_at)
     VALUES ($1, 1, $2, 'Backend Engineer', 'Payments', 60, $3, $4, $5, $6) RETURNING id`,
    [a.id, title, feedbackDueHours, JSON.stringify(SECTIONS), JSON.stringify(SUBMISSION_RUBRIC), now],
  );
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
export async function seedSubmission(
  t: TestApp,
  assessment: SeededAssessment,
  options: SubmissionOptions = {},
): Promise<SeededSubmission> {
  const submittedAt = options.submittedAt ?? t.clock.now();
  const feedbackDueAt = options.feedbackDueAt ?? new Date(submittedAt.getTime() + 120 * 3_600_000);
  const tag = randomBytes(4).toString('hex');
  const candidateName = `Zelda Quixote ${tag}`;
  const candidateEmail = `zelda.${tag}@candidate.test`;
  const startedAt = new Date(submittedAt.getTime() - 50 * 60_000);
  const [row] = await t.dataSource.query<{ id: string }[]>(
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
  );
  const answers = options.answers ?? { design: `${QUOTED_PASSAGE} (${tag}).`, pick: 'serializable' };
  for (const [key, value] of Object.entries(answers)) {
    await t.dataSource.query(
      `INSERT INTO answers (invitation_id, question_key, value, revision, saved_at) VALUES ($1, $2, $3, 1, $4)`,
      [row.id, key, value, submittedAt],
    );
  }
  return { id: row.id, candidateName, candidateEmail, submittedAt, feedbackDueAt };
}

/** `count` submissions, the i-th due `i` minutes after the first (so queue order is known). */
export async function seedSubmissions(
  t: TestApp,
  assessment: SeededAssessment,
  count: number,
  options: SubmissionOptions = {},
): Promise<SeededSubmission[]> {
  const base = options.feedbackDueAt ?? new Date(t.clock.now().getTime() + 120 * 3_600_000);
  const out: SeededSubmission[] = [];
  for (let i = 0; i < count; i++) {
    out.push(await seedSubmission(t, assessment, { ...options, feedbackDueAt: new Date(base.getTime() + i * 60_000) }));
  }
  return out;
}

/** The passage of the seeded answers (seedSubmission's and createSubmission's) that goodFeedback comments on. */
export const QUOTED_PASSAGE = 'Make it idempotent with a key per payout';

/**
 * Feedback that meets every rule, its texts drawn from a word pool by `tag`: two tags give texts far apart
 * (the near-copy rule compares them with every feedback sent before), and one anchored comment on
 * QUOTED_PASSAGE of the answer to `design`.
 */
export function goodFeedback(tag: string): Record<string, unknown> {
  const random = seededRandom(seedOf(tag));
  const pick = (n: number): number => Math.floor(random() * n);
  const text = (...counts: number[]): string => poolSentences(counts, pick);
  return {
    decision: 'advance',
    scores: { correctness: 4, clarity: 2 },
    criteria: {
      correctness: text(6, 5),
      clarity: text(6, 5),
    },
    summary: text(9, 8),
    strengths: text(9, 8),
    improvements: text(9, 8),
    comments: [{ questionKey: 'design', quote: { exact: QUOTED_PASSAGE }, text: text(6, 5) }],
  };
}
