import { seedAssessment, seedSubmission, type SeededAssessment } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HOUR = 3_600_000;

/** The naive baseline the simulation compares with is a real setting of the service: these tests pin it down. */
describe('review baseline settings (REVIEW_QUEUE_ORDER=fifo, FEEDBACK_REMINDERS=off)', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let assessment: SeededAssessment;
  let reviewer: StaffSession;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        REVIEW_QUEUE_ORDER: 'fifo',
        FEEDBACK_REMINDERS: 'off',
        REVIEW_LEASE_MINUTES: '10080',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      },
    });
    const recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    assessment = await seedAssessment(t, recruiter.id);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('should hand out submissions in submission order, not deadline order, when the queue order is fifo', async () => {
    const now = t.clock.now().getTime();
    const first = await seedSubmission(t, assessment, {
      submittedAt: new Date(now - 3 * HOUR),
      feedbackDueAt: new Date(now + 100 * HOUR),
    });
    const second = await seedSubmission(t, assessment, {
      submittedAt: new Date(now - 2 * HOUR),
      feedbackDueAt: new Date(now + 10 * HOUR),
    });
    const third = await seedSubmission(t, assessment, {
      submittedAt: new Date(now - 1 * HOUR),
      feedbackDueAt: new Date(now + 50 * HOUR),
    });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
      order.push(res.body.submissionId);
    }
    expect(order).toEqual([first.id, second.id, third.id]);
  });

  it('should send no reminder, keep the claim and record the breach when reminders are off and the deadline passes', async () => {
    const [claimed] = await t.dataSource.query<{ id: string; invitation_id: string; feedback_due_at: Date }[]>(
      `SELECT r.id, r.invitation_id, i.feedback_due_at FROM reviews r JOIN invitations i ON i.id = r.invitation_id
        WHERE r.status = 'active' ORDER BY i.feedback_due_at LIMIT 1`,
    );
    t.clock.set(new Date(claimed.feedback_due_at.getTime() + 30 * HOUR));
    await Promise.all([t.jobs.runSweeps(), t.jobs.runSweeps()]);
    await t.jobs.runSweeps();

    const notices = await t.dataSource.query<{ kind: string }[]>(
      `SELECT kind FROM feedback_notices WHERE invitation_id = $1`,
      [claimed.invitation_id],
    );
    expect(notices.map((n) => n.kind)).toEqual(['breach']);
    const [review] = await t.dataSource.query<{ status: string }[]>(`SELECT status FROM reviews WHERE id = $1`, [
      claimed.id,
    ]);
    expect(review.status).toBe('active');
    const [invitation] = await t.dataSource.query<{ status: string; breached: boolean }[]>(
      `SELECT status, feedback_breached_at IS NOT NULL AS breached FROM invitations WHERE id = $1`,
      [claimed.invitation_id],
    );
    expect(invitation).toEqual({ status: 'in_review', breached: true });
    const outbox = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE dedupe_key LIKE 'feedback-notice:%'`,
    );
    expect(outbox[0].n).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });
});
