import { createPublishedAssessment, createSubmission, type InvitedCandidate } from './factories/assessment.factory.js';
import { mailFormat } from '../src/mail/mail-format.js';
import { goodFeedback, seedAssessment, seedSubmission } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { mailsTo, waitForMails } from './support/mail-wait.js';
import { SmtpSink } from './support/smtp-sink.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, TEST_ADMIN, type TestApp } from './support/test-app.js';
import { queueBackends } from './support/test-services.js';

const REMINDER_50 = /^Feedback reminder \(50 percent/;
const REMINDER_90 = /^Feedback reminder \(90 percent/;
const BREACH = /^Feedback deadline missed/;
const LATE = /^Your feedback is late/;

describe.each(queueBackends())('feedback deadlines with teeth (%s queue)', (queue) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let recruiter: StaffSession;
  let admin: StaffSession;
  let alice: StaffSession;
  let bob: StaffSession;
  let candidate: InvitedCandidate;
  let candidateEmail: string;
  let submittedAt: number;

  const HOUR = 3_600_000;
  const at = (hours: number) => t.clock.set(new Date(submittedAt + hours * HOUR));
  // Two sweeps racing (as two workers would), then a third: each notice must still happen once.
  const sweepTwice = async () => {
    await Promise.all([t.jobs.runSweeps(), t.jobs.runSweeps()]);
    await t.jobs.runSweeps();
  };
  const notices = async () =>
    (
      await t.dataSource.query(`SELECT kind FROM feedback_notices WHERE invitation_id = $1 ORDER BY sent_at, kind`, [
        candidate.invitation.id,
      ])
    ).map((r: { kind: string }) => r.kind);

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    // A week-long lease: here only the feedback deadline may take a claim away.
    t = await createTestApp({
      queue,
      env: { SMTP_URL: smtp.url, LOGIN_RATE_LIMIT_PER_MINUTE: '1000', REVIEW_LEASE_MINUTES: '10080' },
    });
    recruiter = await createStaff(t, 'recruiter');
    admin = await createStaff(t, 'admin');
    alice = await createStaff(t, 'reviewer');
    bob = await createStaff(t, 'reviewer');
    const assessment = await createPublishedAssessment(t, recruiter, { feedbackDueHours: 120 });
    candidate = await createSubmission(t, recruiter, assessment.id);
    submittedAt = t.clock.now().getTime();
    [{ candidate_email: candidateEmail }] = await t.dataSource.query(
      `SELECT candidate_email FROM invitations WHERE id = $1`,
      [candidate.invitation.id],
    );
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('should remind the claimer once at 50 % of the window when the sweep runs twice', async () => {
    at(1);
    const claim = await t.http().post('/api/v1/reviews/claim').set(alice.auth).expect(200);
    expect(claim.body.submissionId).toBe(candidate.invitation.id);
    at(59);
    await sweepTwice();
    expect(await notices()).toEqual([]);
    at(61);
    await sweepTwice();
    await waitForMails(smtp, [alice.email], REMINDER_50);
    await sweepTwice();
    expect(await notices()).toEqual(['reminder_50']);
    expect(mailsTo(smtp, alice.email, REMINDER_50)).toHaveLength(1);
    expect(mailsTo(smtp, bob.email, REMINDER_50)).toHaveLength(0);
  });

  it('should remind every reviewer once at 90 % when the submission is unclaimed', async () => {
    const [review] = await t.dataSource.query(`SELECT id FROM reviews WHERE invitation_id = $1 AND status = 'active'`, [
      candidate.invitation.id,
    ]);
    await t.http().post(`/api/v1/reviews/${review.id}/release`).set(alice.auth).expect(200);
    at(109);
    await sweepTwice();
    await waitForMails(smtp, [alice.email, bob.email], REMINDER_90);
    await sweepTwice();
    expect(await notices()).toEqual(['reminder_50', 'reminder_90']);
    expect(mailsTo(smtp, alice.email, REMINDER_90)).toHaveLength(1);
    expect(mailsTo(smtp, bob.email, REMINDER_90)).toHaveLength(1);
  });

  it('should revoke the claim, record the breach once and tell admins and the inviting recruiter when the deadline passes', async () => {
    at(110);
    const claim = await t.http().post('/api/v1/reviews/claim').set(alice.auth).expect(200);
    at(119.9);
    await sweepTwice();
    expect(await notices()).toEqual(['reminder_50', 'reminder_90']);

    at(120.01);
    await sweepTwice();
    await waitForMails(smtp, [admin.email, TEST_ADMIN.email, recruiter.email], BREACH);
    await sweepTwice();
    expect(await notices()).toEqual(['reminder_50', 'reminder_90', 'breach']);
    for (const who of [admin.email, TEST_ADMIN.email, recruiter.email])
      expect(mailsTo(smtp, who, BREACH)).toHaveLength(1);
    expect(mailsTo(smtp, alice.email, BREACH)).toHaveLength(0);

    // The revoked claim is no longer Alice's to read (404); an admin sees it revoked.
    await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(alice.auth).expect(404);
    const review = await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(admin.auth).expect(200);
    expect(review.body.status).toBe('revoked');
    await t
      .http()
      .post(`/api/v1/reviews/${claim.body.id}/complete`)
      .set(alice.auth)
      .send(goodFeedback('too-late'))
      .expect(409);
    const [inv] = await t.dataSource.query(`SELECT status, feedback_breached_at FROM invitations WHERE id = $1`, [
      candidate.invitation.id,
    ]);
    expect(inv).toEqual({ status: 'submitted', feedback_breached_at: t.clock.now() });
    const breaches = await t.dataSource.query(
      `SELECT type FROM events WHERE invitation_id = $1 AND type IN ('feedback.breached', 'review.revoked', 'submission.revoked')`,
      [candidate.invitation.id],
    );
    expect(breaches.map((e: { type: string }) => e.type).sort()).toEqual([
      'feedback.breached',
      'review.revoked',
      'submission.revoked',
    ]);

    const pending = await t.http().get('/api/v1/candidate/feedback').set(candidate.candidateAuth).expect(200);
    expect(pending.body).toMatchObject({ status: 'pending', late: true, promisedBy: null });
  });

  it('should keep the breached submission at the head of the queue when a later one is waiting', async () => {
    const other = await seedSubmission(t, await seedAssessment(t, recruiter.id), {
      feedbackDueAt: new Date(t.clock.now().getTime() + 5 * HOUR),
    });
    const queueView = await t.http().get('/api/v1/reviews/queue').set(bob.auth).expect(200);
    expect(queueView.body).toMatchObject({
      depth: 2,
      nearestFeedbackDueAt: new Date(submittedAt + 120 * HOUR).toISOString(),
    });
    await t.dataSource.query(`UPDATE invitations SET status = 'withdrawn' WHERE id = $1`, [other.id]);
  });

  it('should tell the candidate once, with a new date, when feedback is still missing a day after the deadline', async () => {
    at(143.9);
    await sweepTwice();
    expect(await notices()).not.toContain('late_notice');
    at(144.01);
    await sweepTwice();
    const [mail] = await waitForMails(smtp, [candidateEmail], LATE);
    await sweepTwice();
    expect(mailsTo(smtp, candidateEmail, LATE)).toHaveLength(1);
    const promisedBy = new Date(t.clock.now().getTime() + 48 * HOUR);
    expect(mail.text).toContain(`You will have it by ${mailFormat('en').dateTime(promisedBy)}.`);
    const pending = await t.http().get('/api/v1/candidate/feedback').set(candidate.candidateAuth).expect(200);
    expect(pending.body).toEqual({
      status: 'pending',
      feedbackDueAt: new Date(submittedAt + 120 * HOUR).toISOString(),
      late: true,
      promisedBy: promisedBy.toISOString(),
    });
  });

  it('should escalate again and tell the candidate it is still late once when the promised date passes too', async () => {
    const promisedBy = 144.01 + 48;
    at(promisedBy - 0.01);
    await sweepTwice();
    expect(await notices()).not.toContain('promise_missed');
    at(promisedBy + 0.01);
    await sweepTwice();
    const [toAdmin, toRecruiter, toCandidate] = await waitForMails(
      smtp,
      [admin.email, recruiter.email, candidateEmail],
      /^(Feedback promise missed|Your feedback is still late)/,
    );
    await sweepTwice();
    expect(toAdmin.subject).toMatch(/^Feedback promise missed/);
    expect(toRecruiter.subject).toMatch(/^Feedback promise missed/);
    expect(toCandidate.subject).toMatch(/^Your feedback is still late/);
    expect(toCandidate.text).not.toMatch(/undefined/);
    expect(mailsTo(smtp, candidateEmail, /^Your feedback is still late/)).toHaveLength(1);
    expect(mailsTo(smtp, admin.email, /^Feedback promise missed/)).toHaveLength(1);
    expect(mailsTo(smtp, alice.email, /^Feedback promise missed/)).toHaveLength(0);
  });

  it('should deliver late feedback when it is finally written and keep the breach on record', async () => {
    at(193);
    const claim = await t.http().post('/api/v1/reviews/claim').set(bob.auth).expect(200);
    expect(claim.body.submissionId).toBe(candidate.invitation.id);
    await t
      .http()
      .post(`/api/v1/reviews/${claim.body.id}/complete`)
      .set(bob.auth)
      .send(goodFeedback('late-but-real'))
      .expect(200);
    await waitForMails(smtp, [candidateEmail], /^Your feedback: /);
    const sent = await t.http().get('/api/v1/candidate/feedback').set(candidate.candidateAuth).expect(200);
    expect(sent.body).toMatchObject({ status: 'sent', sentAt: t.clock.now().toISOString(), decision: 'advance' });
    const [inv] = await t.dataSource.query(`SELECT status, feedback_breached_at FROM invitations WHERE id = $1`, [
      candidate.invitation.id,
    ]);
    expect(inv).toEqual({ status: 'feedback_sent', feedback_breached_at: new Date(submittedAt + 120.01 * HOUR) });
    at(300);
    await sweepTwice();
    expect(await notices()).toEqual(['reminder_50', 'reminder_90', 'breach', 'late_notice', 'promise_missed']);
  });

  it('should record the breach by the delayed job scheduled at claim time when no sweep runs', async () => {
    const now = t.clock.now().getTime();
    const seeded = await seedSubmission(t, await seedAssessment(t, recruiter.id), {
      submittedAt: new Date(now - 10 * HOUR),
      feedbackDueAt: new Date(now + 1500),
      invitedBy: recruiter.id,
    });
    const claim = await t.http().post('/api/v1/reviews/claim').set(bob.auth).expect(200);
    expect(claim.body.submissionId).toBe(seeded.id);
    t.clock.advance(2000);
    let kinds: string[] = [];
    for (let i = 0; i < 100 && !kinds.includes('breach'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      kinds = (await t.dataSource.query(`SELECT kind FROM feedback_notices WHERE invitation_id = $1`, [seeded.id])).map(
        (r: { kind: string }) => r.kind,
      );
    }
    expect(kinds).toEqual(['breach']);
    await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(bob.auth).expect(404);
    expect(await t.dataSource.query(`SELECT status FROM reviews WHERE id = $1`, [claim.body.id])).toEqual([
      { status: 'revoked' },
    ]);
  });

  it('should leave the submission_facts rollup equal to its source tables when the flows above have run', async () => {
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
});
