import {
  createPublishedAssessment,
  createSubmission,
  inviteCandidate,
  type InvitedCandidate,
} from './factories/assessment.factory.js';
import { goodFeedback, QUOTED_PASSAGE } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { mailsTo, waitForMails } from './support/mail-wait.js';
import { SmtpSink } from './support/smtp-sink.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Problem {
  status: number;
  type: string;
  errors: { field: string; message: string }[];
}

describe('review completion: enforced written feedback', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessmentId: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ env: { SMTP_URL: smtp.url, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function claimNew(): Promise<{ candidate: InvitedCandidate; reviewId: string }> {
    const candidate = await createSubmission(t, recruiter, assessmentId);
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    expect(claim.body.submissionId).toBe(candidate.invitation.id);
    return { candidate, reviewId: claim.body.id };
  }

  const complete = (reviewId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/reviews/${reviewId}/complete`).set(reviewer.auth).send(body);

  it('should deliver the feedback by email and on the candidate endpoint when good feedback completes, and answer 409 to a second complete', async () => {
    const { candidate, reviewId } = await claimNew();
    const pending = await t.http().get('/api/v1/candidate/feedback').set(candidate.candidateAuth).expect(200);
    expect(pending.body).toMatchObject({ status: 'pending', feedbackDueAt: expect.any(String), late: false });

    const feedback = goodFeedback('first');
    const done = await complete(reviewId, feedback).expect(200);
    expect(done.body).toEqual({ status: 'completed', feedbackSentAt: t.clock.now().toISOString() });

    const sent = await t.http().get('/api/v1/candidate/feedback').set(candidate.candidateAuth).expect(200);
    expect(sent.body).toEqual({
      status: 'sent',
      sentAt: t.clock.now().toISOString(),
      decision: 'advance',
      summary: feedback.summary,
      strengths: feedback.strengths,
      improvements: feedback.improvements,
      criteria: [
        {
          key: 'correctness',
          title: 'Correctness',
          comment: (feedback.criteria as Record<string, string>).correctness,
        },
        { key: 'clarity', title: 'Clarity', comment: (feedback.criteria as Record<string, string>).clarity },
      ],
      comments: [
        {
          questionKey: 'design',
          quote: { exact: QUOTED_PASSAGE, start: 0, end: QUOTED_PASSAGE.length },
          text: (feedback.comments as { text: string }[])[0].text,
        },
      ],
      answers: { design: expect.stringContaining(QUOTED_PASSAGE), code: expect.any(String), choice: 'read committed' },
      questions: [
        { key: 'design', prompt: 'How would you make a payout job safe to retry?', type: 'text' },
        { key: 'code', prompt: 'Write a function that sums cents without floats.', type: 'code' },
        { key: 'choice', prompt: 'Which isolation level?', type: 'choice' },
      ],
    });
    expect(sent.text).not.toContain(reviewer.email);

    const email = (
      await t.dataSource.query(`SELECT candidate_email FROM invitations WHERE id = $1`, [candidate.invitation.id])
    )[0].candidate_email;
    const [mail] = await waitForMails(smtp, [email], /^Your feedback: /);
    expect(mailsTo(smtp, email, /^Your feedback: /)).toHaveLength(1);
    expect(mail.text.replace(/\s+/g, ' ')).toContain((feedback.summary as string).replace(/\s+/g, ' '));

    const again = await complete(reviewId, goodFeedback('second')).expect(409);
    expect(again.body.type).toMatch(/state-conflict$/);
    const [invitation] = await t.dataSource.query(`SELECT status, feedback_sent_at FROM invitations WHERE id = $1`, [
      candidate.invitation.id,
    ]);
    expect(invitation).toEqual({ status: 'feedback_sent', feedback_sent_at: t.clock.now() });
    const events = await t.dataSource.query(
      `SELECT type FROM events WHERE invitation_id = $1 AND type IN ('review.completed', 'feedback.sent')`,
      [candidate.invitation.id],
    );
    expect(events).toHaveLength(2);
    await expect(
      t.dataSource.query(`DELETE FROM feedback WHERE invitation_id = $1`, [candidate.invitation.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`UPDATE feedback SET summary = 'x' WHERE invitation_id = $1`, [candidate.invitation.id]),
    ).rejects.toThrow(/append-only/);
  });

  it.each([
    ['no decision', (f: Record<string, unknown>) => ({ ...f, decision: undefined }), 'decision'],
    ['a missing summary', (f: Record<string, unknown>) => ({ ...f, summary: undefined }), 'summary'],
    [
      'a short strengths text',
      (f: Record<string, unknown>) => ({ ...f, strengths: 'Nice code, well done.' }),
      'strengths',
    ],
    ['placeholder improvements', (f: Record<string, unknown>) => ({ ...f, improvements: 'n/a' }), 'improvements'],
    ['a repeated-character summary', (f: Record<string, unknown>) => ({ ...f, summary: 'a'.repeat(120) }), 'summary'],
    [
      'a score above maxScore',
      (f: Record<string, unknown>) => ({ ...f, scores: { correctness: 9, clarity: 2 } }),
      'scores.correctness',
    ],
    [
      'a fractional score',
      (f: Record<string, unknown>) => ({ ...f, scores: { correctness: 4, clarity: 2.5 } }),
      'scores.clarity',
    ],
    ['a missing score', (f: Record<string, unknown>) => ({ ...f, scores: { correctness: 4 } }), 'scores.clarity'],
    [
      'a missing criterion comment',
      (f: Record<string, unknown>) => ({
        ...f,
        criteria: { correctness: (f.criteria as Record<string, string>).correctness },
      }),
      'criteria.clarity',
    ],
    [
      'an unknown criterion',
      (f: Record<string, unknown>) => ({ ...f, scores: { ...(f.scores as object), style: 1 } }),
      'scores.style',
    ],
  ])('should answer 422 naming the field and change nothing when the feedback has %s', async (_kind, spoil, field) => {
    const { candidate, reviewId } = await claimNew();
    const res = await complete(reviewId, spoil(goodFeedback(`spoiled-${field}`))).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.body as Problem;
    expect(problem.type).toMatch(/feedback-not-useful$/);
    expect(problem.errors.map((e) => e.field)).toEqual([field]);
    const [row] = await t.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [candidate.invitation.id]);
    expect(row.status).toBe('in_review');
    expect(
      await t.dataSource.query(`SELECT 1 FROM feedback WHERE invitation_id = $1`, [candidate.invitation.id]),
    ).toHaveLength(0);
    await t.http().post(`/api/v1/reviews/${reviewId}/release`).set(reviewer.auth).expect(200);
    await t.dataSource.query(`UPDATE invitations SET status = 'withdrawn' WHERE id = $1`, [candidate.invitation.id]);
  });

  it('should name every failing field at once when the body is empty', async () => {
    const { reviewId } = await claimNew();
    const res = await complete(reviewId, {}).expect(422);
    expect((res.body as Problem).errors.map((e) => e.field).sort()).toEqual(
      [
        'comments',
        'criteria.clarity',
        'criteria.correctness',
        'decision',
        'improvements',
        'scores.clarity',
        'scores.correctness',
        'strengths',
        'summary',
      ].sort(),
    );
    await t.http().post(`/api/v1/reviews/${reviewId}/release`).set(reviewer.auth).expect(200);
  });

  it('should answer 422 when the reviewer copies feedback they already sent to another candidate', async () => {
    await t.dataSource.query(`UPDATE invitations SET status = 'withdrawn' WHERE status = 'submitted'`);
    const { reviewId } = await claimNew();
    const copied = { ...goodFeedback('copy'), strengths: (goodFeedback('first').strengths as string).toUpperCase() };
    const res = await complete(reviewId, copied).expect(422);
    expect((res.body as Problem).errors).toEqual([
      { field: 'strengths', message: expect.stringMatching(/another candidate/) },
    ]);
    await complete(reviewId, goodFeedback('copy')).expect(200);
  });

  it('should answer 401 without a candidate token and 409 when nothing has been submitted yet', async () => {
    await t.http().get('/api/v1/candidate/feedback').expect(401);
    await t.http().get('/api/v1/candidate/feedback').set(reviewer.auth).expect(401);
    const invited = await inviteCandidate(t, recruiter, assessmentId);
    const res = await t.http().get('/api/v1/candidate/feedback').set(invited.candidateAuth).expect(409);
    expect(res.body.type).toMatch(/state-conflict$/);
  });

  it('should leave the submission_facts rollup equal to its source tables when the flows above have run', async () => {
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
});
