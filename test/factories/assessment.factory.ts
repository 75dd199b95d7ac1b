import { type TestApp } from '../support/test-app.js';
import { QUOTED_PASSAGE } from './submission.factory.js';
import { type StaffSession } from './user.factory.js';

export interface AssessmentBody {
  title: string;
  roleTitle: string;
  team?: string;
  timeLimitMinutes: number;
  startWindowDays?: number;
  feedbackDueHours?: number;
  minAnchoredComments?: number;
  sections: Record<string, unknown>[];
  rubric: { key: string; title: string; description?: string; maxScore: number }[];
}

/** A valid create-assessment body: two readings, three questions (text, code, choice), a two-criterion rubric. */
export function assessmentBody(overrides: Partial<AssessmentBody> = {}): AssessmentBody {
  return {
    title: 'Backend take-home',
    roleTitle: 'Backend Engineer',
    team: 'Payments',
    timeLimitMinutes: 60,
    startWindowDays: 7,
    feedbackDueHours: 120,
    sections: [
      { kind: 'reading', title: 'About us', body: 'We build ledgers for small shops. **Correctness first.**' },
      { kind: 'reading', title: 'The team', body: 'Payments owns settlement: idempotent jobs, careful retries.' },
      { kind: 'question', key: 'design', prompt: 'How would you make a payout job safe to retry?', type: 'text' },
      { kind: 'question', key: 'code', prompt: 'Write a function that sums cents without floats.', type: 'code' },
      {
        kind: 'question',
        key: 'choice',
        prompt: 'Which isolation level?',
        type: 'choice',
        options: ['read committed', 'serializable'],
        required: false,
      },
    ],
    rubric: [
      { key: 'correctness', title: 'Correctness', description: 'Does it work in the edge cases?', maxScore: 5 },
      { key: 'clarity', title: 'Clarity', maxScore: 5 },
    ],
    ...overrides,
  };
}

export interface CreatedAssessment {
  id: string;
  status: string;
  version: number;
  [field: string]: unknown;
}

export async function createAssessment(
  t: TestApp,
  recruiter: StaffSession,
  overrides: Partial<AssessmentBody> = {},
): Promise<CreatedAssessment> {
  const res = await t
    .http()
    .post('/api/v1/assessments')
    .set(recruiter.auth)
    .send(assessmentBody(overrides))
    .expect(201);
  return res.body as CreatedAssessment;
}

/** Created and published over HTTP, as a recruiter would. */
export async function createPublishedAssessment(
  t: TestApp,
  recruiter: StaffSession,
  overrides: Partial<AssessmentBody> = {},
): Promise<CreatedAssessment> {
  const created = await createAssessment(t, recruiter, overrides);
  const res = await t.http().post(`/api/v1/assessments/${created.id}/publish`).set(recruiter.auth).expect(200);
  return res.body as CreatedAssessment;
}

export interface InvitedCandidate {
  invitation: { id: string; status: string; startBy: string; link: string; token: string; [field: string]: unknown };
  token: string;
  candidateAuth: { Authorization: string };
}

let candidateCounter = 0;

export async function inviteCandidate(
  t: TestApp,
  recruiter: StaffSession,
  assessmentId: string,
  overrides: { candidateName?: string; candidateEmail?: string; extraMinutes?: number } = {},
): Promise<InvitedCandidate> {
  candidateCounter += 1;
  const body = {
    candidateName: `Candidate ${candidateCounter}`,
    candidateEmail: `candidate-${candidateCounter}-${Date.now()}@example.test`,
    ...overrides,
  };
  const res = await t
    .http()
    .post(`/api/v1/assessments/${assessmentId}/invitations`)
    .set(recruiter.auth)
    .send(body)
    .expect(201);
  const invitation = res.body as InvitedCandidate['invitation'];
  return { invitation, token: invitation.token, candidateAuth: { Authorization: `Bearer ${invitation.token}` } };
}

/** Invites, starts, saves an answer to every question and submits: a submission ready for review. */
export async function createSubmission(
  t: TestApp,
  recruiter: StaffSession,
  assessmentId: string,
): Promise<InvitedCandidate> {
  const invited = await inviteCandidate(t, recruiter, assessmentId);
  const started = await t.http().post('/api/v1/candidate/attempt/start').set(invited.candidateAuth).expect(200);
  for (const q of started.body.questions as { key: string; type: string; options?: string[] }[]) {
    const value =
      q.type === 'choice' ? q.options![0] : `${QUOTED_PASSAGE}: an answer to ${q.key} that explains the trade-offs.`;
    await t
      .http()
      .put(`/api/v1/candidate/attempt/answers/${q.key}`)
      .set(invited.candidateAuth)
      .send({ value })
      .expect(200);
  }
  await t.http().post('/api/v1/candidate/attempt/submit').set(invited.candidateAuth).expect(200);
  return invited;
}
