import { randomBytes, randomUUID } from 'node:crypto';
import { hashCandidateToken } from '../../src/invitations/invitation-token.js';
import { type TestApp } from '../support/test-app.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

export const minutesBefore = (at: Date, minutes: number): Date => new Date(at.getTime() - minutes * MINUTE);
export const hoursAfter = (at: Date, hours: number): Date => new Date(at.getTime() + hours * HOUR);

export interface HistoryAssessment {
  id: string;
  versionId: string;
  timeLimitMinutes: number;
  feedbackDueHours: number;
}

/** A published assessment and its frozen version, written straight into the tables. */
export async function insertAssessment(
  t: TestApp,
  opts: { title: string; timeLimitMinutes: number; feedbackDueHours: number; createdBy: string; at: Date },
): Promise<HistoryAssessment> {
  const id = randomUUID();
  const versionId = randomUUID();
  await t.dataSource.query(
    `INSERT INTO assessments (id, title, role_title, time_limit_minutes, start_window_days, feedback_due_hours, sections, rubric,
       status, version, created_by, created_at, updated_at, published_at)
     VALUES ($1, $2, 'Engineer', $3, 7, $4, '[]', '[]', 'published', 1, $5, $6, $6, $6)`,
    [id, opts.title, opts.timeLimitMinutes, opts.feedbackDueHours, opts.createdBy, opts.at],
  );
  await t.dataSource.query(
    `INSERT INTO assessment_versions (id, assessment_id, version, title, role_title, time_limit_minutes, feedback_due_hours, sections, rubric, published_at)
     VALUES ($1, $2, 1, $3, 'Engineer', $4, $5, '[]', '[]', $6)`,
    [versionId, id, opts.title, opts.timeLimitMinutes, opts.feedbackDueHours, opts.at],
  );
  return { id, versionId, timeLimitMinutes: opts.timeLimitMinutes, feedbackDueHours: opts.feedbackDueHours };
}

export type ClaimOutcome = 'active' | 'completed' | 'released' | 'expired' | 'revoked';

export interface ClaimSpec {
  reviewerId: string;
  /** Hours after the submission. */
  claimedAfterHours: number;
  status: ClaimOutcome;
  /** Hours after the submission at which the claim ended (completed: feedback sent then). */
  endedAfterHours?: number;
}

export interface InvitationSpec {
  assessment: HistoryAssessment;
  createdAt: Date;
  /** Only for an invitation never started: 'invited' or 'expired'. */
  unstartedStatus?: 'invited' | 'expired';
  startedAt?: Date;
  submittedAt?: Date;
  submittedBy?: 'candidate' | 'deadline';
  claims?: ClaimSpec[];
  /** Hours after the submission when the feedback deadline passed unanswered. */
  breachedAfterHours?: number;
  /** The candidate's secret, when a test calls candidate routes. */
  token?: string;
  /** Default: "Candidate", candidate@example.test. */
  candidateName?: string;
  candidateEmail?: string;
}

/**
 * An invitation in any state with chosen timestamps, its claims, and the feedback row of a completed claim.
 * The status follows from what happened (feedback sent, an active claim, submitted, started, or not started).
 */
export async function insertInvitation(t: TestApp, spec: InvitationSpec): Promise<string> {
  const id = randomUUID();
  const { assessment, startedAt, submittedAt } = spec;
  const claims = spec.claims ?? [];
  const completed = claims.find((c) => c.status === 'completed');
  const feedbackSentAt = completed && submittedAt ? hoursAfter(submittedAt, completed.endedAfterHours ?? 0) : null;
  const status = feedbackSentAt
    ? 'feedback_sent'
    : claims.some((c) => c.status === 'active')
      ? 'in_review'
      : submittedAt
        ? 'submitted'
        : startedAt
          ? 'started'
          : (spec.unstartedStatus ?? 'invited');
  await t.dataSource.query(
    `INSERT INTO invitations (id, assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status,
       time_limit_minutes, start_by, started_at, deadline, submitted_at, submitted_by, submit_processed_at, feedback_due_hours,
       feedback_due_at, feedback_sent_at, feedback_breached_at, created_at, updated_at)
     VALUES ($1, $2, $3, $17, $18, $4, $5, $6, $7, $8, $9, $10, $11, $10, $12, $13, $14, $15, $16, $16)`,
    [
      id,
      assessment.id,
      assessment.versionId,
      hashCandidateToken(spec.token ?? randomBytes(32).toString('base64url')),
      status,
      assessment.timeLimitMinutes,
      hoursAfter(spec.createdAt, 24 * 7),
      startedAt ?? null,
      startedAt ? new Date(startedAt.getTime() + assessment.timeLimitMinutes * MINUTE) : null,
      submittedAt ?? null,
      submittedAt ? (spec.submittedBy ?? 'candidate') : null,
      assessment.feedbackDueHours,
      submittedAt ? hoursAfter(submittedAt, assessment.feedbackDueHours) : null,
      feedbackSentAt,
      submittedAt && spec.breachedAfterHours !== undefined ? hoursAfter(submittedAt, spec.breachedAfterHours) : null,
      spec.createdAt,
      spec.candidateName ?? 'Candidate',
      spec.candidateEmail ?? 'candidate@example.test',
    ],
  );
  for (const claim of claims) {
    if (!submittedAt) throw new Error('a claim needs a submission');
    const reviewId = randomUUID();
    const claimedAt = hoursAfter(submittedAt, claim.claimedAfterHours);
    const endedAt = claim.endedAfterHours === undefined ? null : hoursAfter(submittedAt, claim.endedAfterHours);
    await t.dataSource.query(
      `INSERT INTO reviews (id, invitation_id, reviewer_id, status, claimed_at, lease_expires_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [reviewId, id, claim.reviewerId, claim.status, claimedAt, hoursAfter(claimedAt, 2), endedAt],
    );
    if (claim.status === 'completed') {
      await t.dataSource.query(
        `INSERT INTO feedback (invitation_id, review_id, reviewer_id, decision, scores, criteria, summary, strengths, improvements, sent_at)
         VALUES ($1, $2, $3, 'advance', '{}', '{}', 'summary', 'strengths', 'improvements', $4)`,
        [id, reviewId, claim.reviewerId, feedbackSentAt],
      );
    }
  }
  return id;
}

export async function insertRating(
  t: TestApp,
  invitationId: string,
  rating: {
    stage: 'after_submit' | 'after_feedback';
    length: number;
    learning: number;
    feedbackUsefulness?: number;
    at: Date;
  },
): Promise<void> {
  await t.dataSource.query(
    `INSERT INTO candidate_ratings (invitation_id, stage, length, learning, feedback_usefulness, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [invitationId, rating.stage, rating.length, rating.learning, rating.feedbackUsefulness ?? null, rating.at],
  );
}

/** The clock's "now" for the known history below. */
export const HISTORY_NOW = new Date('2026-03-02T09:00:00.000Z');
const T0 = new Date('2026-02-10T00:00:00.000Z');

export interface KnownHistory {
  backend: HistoryAssessment;
  frontend: HistoryAssessment;
  data: HistoryAssessment;
  submissions: Record<'x1' | 'x2' | 'x3' | 'x4' | 'x5' | 'y1' | 'y2' | 'y3', string>;
}

/**
 * A known month (default window [2026-01-31T09:00Z, 2026-03-02T09:00Z)) for two reviewers and three
 * assessments; the tests derive every expected figure from these timestamps by hand:
 * - Backend (60 min, feedback due in 120 h): x1 50 min, claimed by A +2 h, sent +24 h; x2 auto-submitted, B +4 h,
 *   sent +100 h; x3 auto-submitted, B +10 h revoked at the breach (+120 h), A +121 h, sent +130 h (late); x4 30 min,
 *   A holds it (+6 h); x5 45 min, unclaimed; x0 submitted before the window; one invited and one expired.
 * - Frontend (100 min, due in 48 h): y1 95 min, A +1 h, sent +40 h; y2 98 min, B +3 h revoked at the breach (+48 h),
 *   B again +50 h, sent +60 h (late); y3 99 min, unclaimed, breached at +48 h (overdue now); one still in progress.
 * - Data (90 min): one invitation, never started.
 * Candidates are "Candidate" but for x1 Xena One, x4 Xavier Four, x5 Xiomara Five and y3 Yara "Y" Three.
 * Ratings: x1 after submit (4, 5) and after feedback (4, 5, usefulness 5); y1 after feedback (3, 4, usefulness 2).
 */
export async function buildKnownHistory(
  t: TestApp,
  staff: { recruiterId: string; aliceId: string; bobId: string },
): Promise<KnownHistory> {
  const { aliceId: a, bobId: b } = staff;
  const published = hoursAfter(T0, -24 * 60);
  const backend = await insertAssessment(t, {
    title: 'Backend exercise',
    timeLimitMinutes: 60,
    feedbackDueHours: 120,
    createdBy: staff.recruiterId,
    at: published,
  });
  const frontend = await insertAssessment(t, {
    title: 'Frontend, "live" exercise',
    timeLimitMinutes: 100,
    feedbackDueHours: 48,
    createdBy: staff.recruiterId,
    at: published,
  });
  const data = await insertAssessment(t, {
    title: 'Data exercise',
    timeLimitMinutes: 90,
    feedbackDueHours: 72,
    createdBy: staff.recruiterId,
    at: published,
  });

  const submitted = async (
    assessment: HistoryAssessment,
    submittedAt: Date,
    minutesUsed: number,
    rest: Omit<InvitationSpec, 'assessment' | 'createdAt' | 'startedAt' | 'submittedAt'> = {},
  ): Promise<string> =>
    insertInvitation(t, {
      assessment,
      createdAt: hoursAfter(submittedAt, -24),
      startedAt: minutesBefore(submittedAt, minutesUsed),
      submittedAt,
      ...rest,
    });

  const submissions = {
    x1: await submitted(backend, T0, 50, {
      candidateName: 'Xena One',
      candidateEmail: 'xena@example.test',
      claims: [{ reviewerId: a, claimedAfterHours: 2, status: 'completed', endedAfterHours: 24 }],
    }),
    x2: await submitted(backend, hoursAfter(T0, 24), 60, {
      submittedBy: 'deadline',
      claims: [{ reviewerId: b, claimedAfterHours: 4, status: 'completed', endedAfterHours: 100 }],
    }),
    x3: await submitted(backend, hoursAfter(T0, 48), 60, {
      submittedBy: 'deadline',
      breachedAfterHours: 120,
      claims: [
        { reviewerId: b, claimedAfterHours: 10, status: 'revoked', endedAfterHours: 120 },
        { reviewerId: a, claimedAfterHours: 121, status: 'completed', endedAfterHours: 130 },
      ],
    }),
    x4: await submitted(backend, hoursAfter(HISTORY_NOW, -10), 30, {
      candidateName: 'Xavier Four',
      candidateEmail: 'xavier@example.test',
      claims: [{ reviewerId: a, claimedAfterHours: 6, status: 'active' }],
    }),
    x5: await submitted(backend, hoursAfter(HISTORY_NOW, -30), 45, {
      candidateName: 'Xiomara Five',
      candidateEmail: 'xiomara@example.test',
    }),
    y1: await submitted(frontend, hoursAfter(T0, 5), 95, {
      claims: [{ reviewerId: a, claimedAfterHours: 1, status: 'completed', endedAfterHours: 40 }],
    }),
    y2: await submitted(frontend, hoursAfter(T0, 30), 98, {
      breachedAfterHours: 48,
      claims: [
        { reviewerId: b, claimedAfterHours: 3, status: 'revoked', endedAfterHours: 48 },
        { reviewerId: b, claimedAfterHours: 50, status: 'completed', endedAfterHours: 60 },
      ],
    }),
    y3: await submitted(frontend, hoursAfter(HISTORY_NOW, -60), 99, {
      breachedAfterHours: 48,
      candidateName: 'Yara "Y" Three',
      candidateEmail: 'yara@example.test',
    }),
  };
  // Outside the default window: submitted (and invited) in January.
  await insertInvitation(t, {
    assessment: backend,
    createdAt: new Date('2026-01-18T10:00:00Z'),
    startedAt: new Date('2026-01-20T10:00:00Z'),
    submittedAt: new Date('2026-01-20T10:40:00Z'),
    claims: [{ reviewerId: a, claimedAfterHours: 1, status: 'completed', endedAfterHours: 5 }],
  });
  await insertInvitation(t, { assessment: backend, createdAt: hoursAfter(T0, 100) });
  await insertInvitation(t, { assessment: backend, createdAt: hoursAfter(T0, -100), unstartedStatus: 'expired' });
  await insertInvitation(t, {
    assessment: frontend,
    createdAt: hoursAfter(HISTORY_NOW, -3),
    startedAt: hoursAfter(HISTORY_NOW, -1),
  });
  await insertInvitation(t, { assessment: data, createdAt: hoursAfter(T0, 200) });

  await insertRating(t, submissions.x1, { stage: 'after_submit', length: 4, learning: 5, at: T0 });
  await insertRating(t, submissions.x1, {
    stage: 'after_feedback',
    length: 4,
    learning: 5,
    feedbackUsefulness: 5,
    at: hoursAfter(T0, 30),
  });
  await insertRating(t, submissions.y1, {
    stage: 'after_feedback',
    length: 3,
    learning: 4,
    feedbackUsefulness: 2,
    at: hoursAfter(T0, 50),
  });
  return { backend, frontend, data, submissions };
}
