import { setTimeout as sleep } from 'node:timers/promises';
import { AttemptsService } from '../src/attempts/attempts.service.js';
import { SYSTEM_ACTOR } from '../src/events/events.service.js';
import { InvitationsService } from '../src/invitations/invitations.service.js';
import { mailFormat } from '../src/mail/mail-format.js';
import {
  createPublishedAssessment,
  createSubmission,
  inviteCandidate,
  type InvitedCandidate,
} from './factories/assessment.factory.js';
import { goodFeedback } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { mailsTo, waitForMails } from './support/mail-wait.js';
import { type ReceivedMail, SmtpSink } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const GRACE_SECONDS = 5;
const HOSTILE_TITLE = `<script>alert("pwned")</script> & Payments take-home`;
const INVITATION = /^Your Backend Engineer assessment — /;
const RECEIPT = /^We have your answers — /;
const WITHDRAWN = /has been withdrawn — /;
const EXPIRED = /invitation has expired — /;
const FEEDBACK = /^Your feedback: /;

const when = (at: Date): string => mailFormat('en').dateTime(at);

/** The sink's copies of one kind of mail to one address, after the outbox had time to send any duplicate. */
async function onlyOne(sink: SmtpSink, to: string, subject: RegExp): Promise<ReceivedMail> {
  const [mail] = await waitForMails(sink, [to], subject);
  // A duplicate would be sent by the same outbox job path within moments; give it that time to show up.
  await sleep(500);
  expect(mailsTo(sink, to, subject)).toHaveLength(1);
  return mail;
}

/** Both parts are there; the text has no layout markup or unfilled placeholder; the HTML no image or script. */
function expectBothParts(mail: ReceivedMail): void {
  expect(mail.html).toContain('<!DOCTYPE html>');
  expect(mail.html).not.toMatch(/<img|<script/i);
  expect(mail.text).not.toMatch(/<p\b|<br>|&lt;|&amp;|\{\w+\}|undefined/);
}

describe('candidate emails', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessmentId: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        ATTEMPT_GRACE_SECONDS: String(GRACE_SECONDS),
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      },
    });
    recruiter = await createStaff(t, 'recruiter', { name: 'Rita Recruiter' });
    reviewer = await createStaff(t, 'reviewer');
    assessmentId = (await createPublishedAssessment(t, recruiter, { title: HOSTILE_TITLE, timeLimitMinutes: 1 })).id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const emailOf = async (invitationId: string): Promise<string> =>
    (
      await t.dataSource.query<{ candidate_email: string }[]>(`SELECT candidate_email FROM invitations WHERE id = $1`, [
        invitationId,
      ])
    )[0].candidate_email;

  const datesOf = async (invitationId: string): Promise<{ submittedAt: Date; feedbackDueAt: Date }> =>
    (
      await t.dataSource.query<{ submittedAt: Date; feedbackDueAt: Date }[]>(
        `SELECT submitted_at AS "submittedAt", feedback_due_at AS "feedbackDueAt" FROM invitations WHERE id = $1`,
        [invitationId],
      )
    )[0];

  it('should send one invitation in candidate terms with the recruiter as Reply-To when MAIL_REPLY_TO is unset', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId, { candidateName: 'Grace Hopper' });
    const email = await emailOf(c.invitation.id);
    const mail = await onlyOne(smtp, email, INVITATION);

    expect(mail.subject).toBe(`Your Backend Engineer assessment — ${HOSTILE_TITLE}`);
    expect(mail.subject.match(/:/g) ?? []).toHaveLength(0);
    expect(mail.replyTo).toBe(recruiter.email);
    expect(mail.text).toContain('Hello Grace Hopper,');
    expect(mail.text).toContain('Time limit: 1 minute, from when you press Start');
    expect(mail.text).not.toContain('1 minutes');
    const startBy = when(new Date(c.invitation.startBy));
    expect(mail.text).toContain(`Start by: ${startBy}`);
    expect(startBy).toMatch(/^\w+day \d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC$/);
    expect(mail.text).not.toMatch(/GMT|\d{2}:\d{2}:\d{2}/);
    expect(mail.text).toContain('Written feedback within 5 days after you submit');
    expect(mail.text).toMatch(/- About us\r?\n- The team/);
    expect(mail.text).toContain(`write to Rita Recruiter at ${recruiter.email}`);
    expect(mail.text).toContain(c.invitation.link);
    // No COMPANY_NAME here: the company is left out, not printed empty.
    expect(mail.text).not.toMatch(/Company:|undefined/);
    expectBothParts(mail);
    expect(mail.html).not.toContain('<script>alert');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; Payments take-home');
    expect(mail.html).toContain(`href="${c.invitation.link}"`);
  });

  it('should send one receipt with the feedback due date when the candidate submits, even when the submit is repeated', async () => {
    const c = await createSubmission(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/submit').set(c.candidateAuth).expect(200);
    const email = await emailOf(c.invitation.id);
    const mail = await onlyOne(smtp, email, RECEIPT);

    const { submittedAt, feedbackDueAt } = await datesOf(c.invitation.id);
    expect(feedbackDueAt.getTime() - submittedAt.getTime()).toBe(120 * 3_600_000);
    expect(mail.subject).toBe(`We have your answers — ${HOSTILE_TITLE}`);
    expect(mail.replyTo).toBe(recruiter.email);
    expect(mail.text).toContain(`You submitted your answers on ${when(submittedAt)}.`);
    expect(mail.text).toContain(`Feedback due by: ${when(feedbackDueAt)}`);
    expect(mail.text).toContain(`You will have your written feedback by ${when(feedbackDueAt)}`);
    expectBothParts(mail);
    expect(mail.html).not.toContain('<script>alert');
  });

  it('should email the feedback once with a link to the feedback page when a review completes', async () => {
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    const submissionId = claim.body.submissionId as string;
    await t
      .http()
      .post(`/api/v1/reviews/${claim.body.id}/complete`)
      .set(reviewer.auth)
      .send(goodFeedback('mail'))
      .expect(200);
    const email = await emailOf(submissionId);
    const mail = await onlyOne(smtp, email, FEEDBACK);

    expect(mail.replyTo).toBe(recruiter.email);
    const link = /http:\/\/candor\.test\/t\/([A-Za-z0-9_-]{43})/.exec(mail.text);
    expect(link).not.toBeNull();
    expect(mail.html).toContain(`href="${link![0]}"`);
    // The link opens the candidate's own feedback.
    const feedback = await t
      .http()
      .get('/api/v1/candidate/feedback')
      .set('Authorization', `Bearer ${link![1]}`)
      .expect(200);
    expect(feedback.body.status).toBe('sent');
    expect(mail.text).toContain('Read your feedback:');
    expectBothParts(mail);
  });

  it('should send one receipt when the deadline submits the attempt, however often the job and the sweep run', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    const start = await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'What I had time to write' })
      .expect(200);
    const deadline = new Date(start.body.deadline as string);
    t.clock.set(new Date(deadline.getTime() + GRACE_SECONDS * 1000 + 1000));

    // The delayed job (run twice, as a retry would) and the sweep both find the attempt due.
    const attempts = t.app.get(AttemptsService);
    await attempts.autoSubmit({ invitationId: c.invitation.id, deadlineMs: deadline.getTime() });
    await attempts.autoSubmit({ invitationId: c.invitation.id, deadlineMs: deadline.getTime() });
    await t.jobs.runSweeps();
    await t.jobs.runSweeps();

    const email = await emailOf(c.invitation.id);
    const mail = await onlyOne(smtp, email, RECEIPT);
    const { submittedAt, feedbackDueAt } = await datesOf(c.invitation.id);
    expect(mail.text).toContain(`ran out, so on ${when(submittedAt)} we submitted the answers you had saved`);
    expect(mail.text).toContain(`Feedback due by: ${when(feedbackDueAt)}`);
    expectBothParts(mail);
  });

  it('should send one withdrawal notice when a recruiter withdraws an invitation and tries again', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId, { candidateName: 'Alan Turing' });
    await t.http().post(`/api/v1/invitations/${c.invitation.id}/withdraw`).set(recruiter.auth).expect(200);
    await t.http().post(`/api/v1/invitations/${c.invitation.id}/withdraw`).set(recruiter.auth).expect(409);
    const email = await emailOf(c.invitation.id);
    const mail = await onlyOne(smtp, email, WITHDRAWN);

    expect(mail.subject).toBe(`Your Backend Engineer assessment has been withdrawn — ${HOSTILE_TITLE}`);
    expect(mail.replyTo).toBe(recruiter.email);
    expect(mail.text).toContain('Hello Alan Turing,');
    expect(mail.text).toContain('its link no longer works');
    expectBothParts(mail);
  });

  it('should send the withdrawal notice when an integration withdraws through the same service (Ashby cancel)', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    await t.app.get(InvitationsService).withdrawAs(SYSTEM_ACTOR, c.invitation.id);
    const mail = await onlyOne(smtp, await emailOf(c.invitation.id), WITHDRAWN);
    expect(mail.replyTo).toBe(recruiter.email);
  });

  it('should send the new link in the same layout when a recruiter resends an invitation', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    const email = await emailOf(c.invitation.id);
    await onlyOne(smtp, email, INVITATION);
    const res = await t.http().post(`/api/v1/invitations/${c.invitation.id}/resend`).set(recruiter.auth).expect(200);
    const mail = await onlyOne(smtp, email, /\(new link\)$/);
    expect(mail.subject).toBe(`Your Backend Engineer assessment — ${HOSTILE_TITLE} (new link)`);
    expect(mail.text).toContain('This email replaces the one we sent before');
    expect(mail.text).toContain(res.body.link as string);
    expect(mail.text).not.toContain(c.token);
    expect(mail.replyTo).toBe(recruiter.email);
    expectBothParts(mail);
  });

  it('should send one expiry notice with the start-by date when the sweep expires an invitation, run twice', async () => {
    const c: InvitedCandidate = await inviteCandidate(t, recruiter, assessmentId);
    const startBy = new Date(c.invitation.startBy);
    t.clock.set(new Date(startBy.getTime() + 60_000));
    await t.jobs.runSweeps();
    await t.jobs.runSweeps();

    const email = await emailOf(c.invitation.id);
    const mail = await onlyOne(smtp, email, EXPIRED);
    expect(mail.text).toContain(`asked you to start by ${when(startBy)}`);
    expect(mail.replyTo).toBe(recruiter.email);
    expectBothParts(mail);
  });
});

describe('candidate emails with MAIL_REPLY_TO and COMPANY_NAME set', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let recruiter: StaffSession;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, MAIL_REPLY_TO: 'talent@acme.test', COMPANY_NAME: 'Acme & Sons' },
    });
    recruiter = await createStaff(t, 'recruiter');
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('should name the company and reply to MAIL_REPLY_TO when both are configured', async () => {
    const assessmentId = (await createPublishedAssessment(t, recruiter, { feedbackDueHours: 36 })).id;
    const c = await inviteCandidate(t, recruiter, assessmentId, { candidateEmail: 'ada@example.test' });
    const mail = await onlyOne(smtp, 'ada@example.test', INVITATION);

    expect(mail.replyTo).toBe('talent@acme.test');
    expect(mail.text).toContain('Acme & Sons invites you to take “Backend take-home”');
    expect(mail.text).toContain('Company: Acme & Sons');
    expect(mail.text).toContain('Time limit: 60 minutes');
    expect(mail.text).toContain('Written feedback within 36 hours after you submit');
    expect(mail.text).toContain('write to talent@acme.test');
    expect(mail.text).not.toContain(recruiter.email);
    expect(mail.html).toContain('Acme &amp; Sons');
    expect(mail.text).toContain(c.invitation.link);
  });
});
