/**
 * The rows bench/exam-day.bench.ts starts from, written with SQL (as bench/metrics.bench.ts and
 * test/factories/submission.factory.ts do): one assessment, invited candidates whose tokens only the bench knows
 * (the database keeps their hashes, as the service does), started attempts, queued submissions and reviewers.
 */
import * as argon2 from 'argon2';
import type pg from 'pg';
import { hashCandidateToken, newCandidateToken } from '../src/invitations/invitation-token.js';
import { emailSkeleton } from '../src/users/email.js';

export interface SeededAssessment {
  assessmentId: string;
  versionId: string;
  questionKeys: string[];
}

export interface Candidate {
  invitationId: string;
  /** The candidate's credential: kept in memory, never printed. */
  token: string;
}

const QUESTIONS = 5;

/** A published assessment of text questions, by the admin the service created at start-up. */
export async function seedAssessment(db: pg.Client, timeLimitMinutes: number): Promise<SeededAssessment> {
  const questionKeys = Array.from({ length: QUESTIONS }, (_, i) => `q${i + 1}`);
  const sections = [
    { kind: 'reading', title: 'The exam', body: 'Answer every question; your work is saved as you type.' },
    ...questionKeys.map((key) => ({ kind: 'question', key, prompt: `Question ${key}`, type: 'text' })),
  ];
  const rubric = [{ key: 'overall', title: 'Overall', maxScore: 5 }];
  const { rows } = await db.query<{ assessment_id: string; version_id: string }>(
    `WITH a AS (
       INSERT INTO assessments (title, role_title, time_limit_minutes, start_window_days, feedback_due_hours, sections, rubric,
         status, version, created_by, created_at, updated_at, published_at)
       SELECT 'Exam day', 'Engineer', $1, 7, 120, $2, $3, 'published', 1, id, now(), now(), now()
       FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1
       RETURNING id, title, role_title, time_limit_minutes, feedback_due_hours, sections, rubric, published_at)
     INSERT INTO assessment_versions (assessment_id, version, title, role_title, time_limit_minutes, feedback_due_hours, sections, rubric, published_at)
     SELECT id, 1, title, role_title, time_limit_minutes, feedback_due_hours, sections, rubric, published_at FROM a
     RETURNING assessment_id, id AS version_id`,
    [timeLimitMinutes, JSON.stringify(sections), JSON.stringify(rubric)],
  );
  if (!rows[0]) throw new Error('no admin to own the assessment: did the service start with ADMIN_EMAIL?');
  return { assessmentId: rows[0].assessment_id, versionId: rows[0].version_id, questionKeys };
}

/** `count` invitations, not started, valid for a week; `label` keeps their emails apart between parts. */
export async function seedInvited(
  db: pg.Client,
  assessment: SeededAssessment,
  count: number,
  label: string,
): Promise<Candidate[]> {
  const tokens = Array.from({ length: count }, () => newCandidateToken());
  const { rows } = await db.query<{ id: string; token_hash: string }>(
    `INSERT INTO invitations (assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status,
       time_limit_minutes, start_by, feedback_due_hours, created_at, updated_at)
     SELECT $1, $2, 'Candidate ' || t.n, $3 || '-' || t.n || '@bench.test', t.hash, 'invited', v.time_limit_minutes,
       now() + interval '7 days', v.feedback_due_hours, now(), now()
     FROM unnest($4::text[]) WITH ORDINALITY AS t(hash, n) JOIN assessment_versions v ON v.id = $2
     RETURNING id, token_hash`,
    [assessment.assessmentId, assessment.versionId, label, tokens.map(hashCandidateToken)],
  );
  const ids = new Map(rows.map((r) => [r.token_hash, r.id]));
  return tokens.map((token) => ({ invitationId: ids.get(hashCandidateToken(token))!, token }));
}

/**
 * Attempts already started (as the service would have started them), one per deadline given, with a 1-minute
 * limit; their delayed auto-submit jobs are the caller's to enqueue.
 */
export async function seedStarted(db: pg.Client, assessment: SeededAssessment, deadlines: Date[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO invitations (assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status,
       time_limit_minutes, start_by, started_at, deadline, feedback_due_hours, created_at, updated_at)
     SELECT $1, $2, 'Candidate ' || t.n, 'expiry-' || t.n || '@bench.test', md5(random()::text) || t.n, 'started', 1,
       t.deadline + interval '7 days', t.deadline - interval '1 minute', t.deadline, 120,
       t.deadline - interval '1 day', t.deadline - interval '1 minute'
     FROM unnest($3::timestamptz[]) WITH ORDINALITY AS t(deadline, n)
     RETURNING id`,
    [assessment.assessmentId, assessment.versionId, deadlines],
  );
  // Each has an answer or two, as real attempts do: the auto-submit counts them.
  await db.query(
    `INSERT INTO answers (invitation_id, question_key, value, revision, saved_at)
     SELECT id, 'q' || k, repeat('an answer ', 50), 1, now() FROM unnest($1::uuid[]) AS id, generate_series(1, 2) k`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => r.id);
}

/** `count` submissions waiting in the review queue, each with two answers, feedback due one minute apart. */
export async function seedQueued(db: pg.Client, assessment: SeededAssessment, count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO invitations (assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status,
       time_limit_minutes, start_by, started_at, deadline, submitted_at, submitted_by, submit_processed_at, feedback_due_hours,
       feedback_due_at, created_at, updated_at)
     SELECT $1, $2, 'Candidate ' || n, 'queued-' || n || '@bench.test', md5(random()::text) || n, 'submitted', 60,
       now() + interval '6 days', now() - interval '2 hours', now() - interval '1 hour', now() - interval '1 hour', 'candidate',
       now() - interval '1 hour', 120, now() + interval '119 hours' + n * interval '1 minute', now() - interval '1 day', now()
     FROM generate_series(1, $3::int) n
     RETURNING id`,
    [assessment.assessmentId, assessment.versionId, count],
  );
  await db.query(
    `INSERT INTO answers (invitation_id, question_key, value, revision, saved_at)
     SELECT id, 'q' || k, repeat('a submitted answer ', 100), 3, now() - interval '1 hour'
     FROM unnest($1::uuid[]) AS id, generate_series(1, 2) k`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => r.id);
}

export interface Reviewer {
  email: string;
  password: string;
}

/**
 * `count` staff users with the reviewer role, who sign in over the API like anyone: one argon2 hash made here
 * (as UsersService makes them) stands for all, since hashing a hundred passwords would only time argon2.
 */
export async function seedReviewers(db: pg.Client, count: number): Promise<Reviewer[]> {
  const password = `bench-reviewer-${Math.random().toString(36).slice(2)}`;
  const hash = await argon2.hash(password);
  const emails = Array.from({ length: count }, (_, i) => `bench-reviewer-${i + 1}@candor.test`);
  await db.query(
    `INSERT INTO users (email, email_skeleton, name, role, password_hash, created_at)
     SELECT e.email, e.skeleton, 'Reviewer ' || e.n, 'reviewer', $3, now()
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(email, skeleton, n)`,
    [emails, emails.map(emailSkeleton), hash],
  );
  return emails.map((email) => ({ email, password }));
}
