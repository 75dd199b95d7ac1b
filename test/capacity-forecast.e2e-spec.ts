import { goodFeedback, seedAssessment, seedSubmission, type SeededAssessment } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { mailsTo, waitForMails } from './support/mail-wait.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const AT_RISK = /^Feedback at risk/;
const HOUR = 3_600_000;

interface ForecastBody {
  reviewsPerWorkingDay: number | null;
  pending: number;
  writing: number;
  atRisk: {
    invitationId: string;
    assessmentTitle: string;
    status: string;
    feedbackDueAt: string;
    expectedAt: string;
  }[];
}

describe('capacity forecast', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let recruiter: StaffSession;
  let admin: StaffSession;
  let alice: StaffSession;
  let assessment: SeededAssessment;
  // A Monday, 09:00 UTC: the team works mon–fri 09-18 (the default working week).
  const monday = Date.UTC(2026, 2, 2, 9);
  const atRiskNotices = async (): Promise<string[]> =>
    (
      await t.dataSource.query<{ invitation_id: string }[]>(
        `SELECT invitation_id FROM feedback_notices WHERE kind = 'at_risk' ORDER BY invitation_id`,
      )
    ).map((r) => r.invitation_id);
  const forecast = async (): Promise<ForecastBody> =>
    (await t.http().get('/api/v1/metrics/forecast').set(recruiter.auth).expect(200)).body as ForecastBody;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ queue: 'postgres', env: { SMTP_URL: smtp.url, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    t.clock.set(new Date(monday));
    recruiter = await createStaff(t, 'recruiter');
    admin = await createStaff(t, 'admin');
    alice = await createStaff(t, 'reviewer');
    assessment = await seedAssessment(t, recruiter.id, 72);
    // History: one review completed on Monday, so by Thursday the team's pace is one review in three working days.
    await seedSubmission(t, assessment, { feedbackDueAt: new Date(monday + 72 * HOUR) });
    const claim = await t.http().post('/api/v1/reviews/claim').set(alice.auth).expect(200);
    await t
      .http()
      .post(`/api/v1/reviews/${(claim.body as { id: string }).id}/complete`)
      .set(alice.auth)
      .send(goodFeedback('forecast-history'))
      .expect(200);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('should forecast nothing at risk when the pace clears the queue before its dates', async () => {
    t.clock.set(new Date(monday + 3 * 24 * HOUR)); // Thursday 09:00
    await seedSubmission(t, assessment, { feedbackDueAt: new Date(monday + 40 * 24 * HOUR) });
    const body = await forecast();
    expect(body.reviewsPerWorkingDay).toBeCloseTo(0.33, 2);
    expect(body.pending).toBe(1);
    expect(body.atRisk).toEqual([]);
    await t.jobs.runSweeps();
    expect(await atRiskNotices()).toEqual([]);
  });

  it('should list the submissions the pace cannot reach when they are due before the queue clears', async () => {
    // Due Sunday 09:00: with nobody at work at weekends, only Thursday and Friday count; at one review in three
    // working days, none of these three can be reached in time.
    const due = new Date(monday + 6 * 24 * HOUR);
    const late = [];
    for (let i = 0; i < 3; i++) late.push(await seedSubmission(t, assessment, { feedbackDueAt: due }));
    const body = await forecast();
    expect(body.atRisk.map((a) => a.invitationId).sort()).toEqual(late.map((s) => s.id).sort());
    for (const a of body.atRisk) {
      expect(a.assessmentTitle).toBe(assessment.title);
      expect(a.status).toBe('submitted');
      expect(Date.parse(a.expectedAt)).toBeGreaterThan(due.getTime());
    }
    // No candidate's name or email in the forecast (blind review).
    expect(JSON.stringify(body)).not.toMatch(/Zelda|@candidate\.test/);
  });

  it('should mail admins and reviewers once when sweeps racing on two workers find the same risk', async () => {
    // The forecast runs at most once an hour of the clock (CAPACITY_FORECAST_MINUTES); the last one was at 09:00.
    t.clock.set(new Date(t.clock.now().getTime() + HOUR));
    await Promise.all([t.jobs.runSweeps(), t.jobs.runSweeps()]);
    await waitForMails(smtp, [admin.email, alice.email], AT_RISK);
    t.clock.set(new Date(t.clock.now().getTime() + 2 * HOUR));
    await t.jobs.runSweeps();
    expect(await atRiskNotices()).toHaveLength(3);
    expect(mailsTo(smtp, admin.email, AT_RISK)).toHaveLength(1);
    expect(mailsTo(smtp, alice.email, AT_RISK)).toHaveLength(1);
    expect(mailsTo(smtp, recruiter.email, AT_RISK)).toHaveLength(0);
    const [mail] = mailsTo(smtp, alice.email, AT_RISK);
    expect(mail.subject).toBe('Feedback at risk: 3 candidates will hear back late at the current pace');
    expect(mail.text).toContain(assessment.title);
    expect(mail.text).not.toMatch(/Zelda|@candidate\.test|undefined/);
  });

  it('should mail again only about the new one when another submission becomes at risk', async () => {
    const newcomer = await seedSubmission(t, assessment, { feedbackDueAt: new Date(monday + 6 * 24 * HOUR) });
    t.clock.set(new Date(t.clock.now().getTime() + 2 * HOUR));
    await t.jobs.runSweeps();
    expect(await atRiskNotices()).toContain(newcomer.id);
    const until = Date.now() + 15_000;
    while (mailsTo(smtp, alice.email, AT_RISK).length < 2 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const second = mailsTo(smtp, alice.email, AT_RISK)[1];
    expect(second.subject).toBe('Feedback at risk: 1 candidate will hear back late at the current pace');
  });

  it('should answer 403 when a reviewer asks for the forecast', async () => {
    await t.http().get('/api/v1/metrics/forecast').set(alice.auth).expect(403);
  });
});
