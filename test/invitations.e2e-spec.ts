import { createPublishedAssessment, createSubmission, inviteCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('invitations', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessmentId: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ env: { SMTP_URL: smtp.url } });
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const outbox = async (to: string): Promise<{ status: string; attempts: number }[]> =>
    t.dataSource.query(`SELECT status, attempts FROM outbox_messages WHERE to_address = $1`, [to]);

  it('should send the invitation email with the link when a recruiter invites a candidate', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId, {
      candidateName: 'Grace Hopper',
      candidateEmail: 'grace@example.test',
    });
    expect(c.invitation).toMatchObject({
      status: 'invited',
      startBy: new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString(),
      link: `http://candor.test/t/${c.token}`,
    });
    const mail = await smtp.waitFor('grace@example.test');
    expect(mail.subject).toContain('Backend take-home');
    expect(mail.text).toContain(`http://candor.test/t/${c.token}`);
    expect(mail.text).toContain('Hello Grace Hopper');

    const events = await t.dataSource.query(
      `SELECT type, actor_type, actor_id, data FROM events WHERE invitation_id = $1`,
      [c.invitation.id],
    );
    expect(events).toEqual([
      expect.objectContaining({ type: 'invitation.created', actor_type: 'staff', actor_id: recruiter.id }),
    ]);
    expect(JSON.stringify(events)).not.toContain(c.token);
  });

  it('should retry a failing SMTP server and deliver the email exactly once when it recovers', async () => {
    smtp.failNext(2);
    const rejectedBefore = smtp.rejected;
    const email = 'retry@example.test';
    const c = await inviteCandidate(t, recruiter, assessmentId, { candidateEmail: email });

    for (let i = 0; i < 300 && smtp.rejected < rejectedBefore + 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(smtp.rejected).toBe(rejectedBefore + 1);
    for (let i = 0; i < 100 && (await outbox(email))[0]?.attempts !== 1; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await outbox(email)).toEqual([{ status: 'pending', attempts: 1 }]);

    // The retry is due after the backoff: move the clock past it and let the sweep re-enqueue until it lands.
    for (let i = 0; i < 300 && smtp.received.every((m) => !m.to.includes(email)); i++) {
      t.clock.advanceMinutes(5);
      await t.jobs.runSweeps();
      await new Promise((r) => setTimeout(r, 100));
    }
    const mail = await smtp.waitFor(email);
    expect(mail.text).toContain(c.invitation.link);
    expect(smtp.rejected).toBe(rejectedBefore + 2);
    // The sink has the mail once the SMTP exchange ends; the sender marks the row sent just after.
    for (let i = 0; i < 100 && (await outbox(email))[0]?.status !== 'sent'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await outbox(email)).toEqual([{ status: 'sent', attempts: 3 }]);
    await t.jobs.runSweeps();
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('should list invitations filtered by assessment and status and show one with its extensions', async () => {
    const other = (await createPublishedAssessment(t, recruiter, { title: 'Other test' })).id;
    const a = await inviteCandidate(t, recruiter, other);
    const b = await inviteCandidate(t, recruiter, other);
    await t.http().post(`/api/v1/invitations/${b.invitation.id}/withdraw`).set(recruiter.auth).expect(200);

    const all = await t.http().get(`/api/v1/invitations?assessmentId=${other}`).set(recruiter.auth).expect(200);
    expect(all.body.map((i: { id: string }) => i.id).sort()).toEqual([a.invitation.id, b.invitation.id].sort());
    for (const field of [
      'id',
      'candidateName',
      'candidateEmail',
      'status',
      'startBy',
      'startedAt',
      'deadline',
      'submittedAt',
      'submittedBy',
      'feedbackDueAt',
      'feedbackSentAt',
    ]) {
      expect(all.body[0]).toHaveProperty(field);
    }
    expect(JSON.stringify(all.body)).not.toMatch(/token/i);
    const withdrawn = await t
      .http()
      .get(`/api/v1/invitations?assessmentId=${other}&status=withdrawn`)
      .set(recruiter.auth)
      .expect(200);
    expect(withdrawn.body.map((i: { id: string }) => i.id)).toEqual([b.invitation.id]);

    const ext = await t
      .http()
      .post(`/api/v1/invitations/${a.invitation.id}/extensions`)
      .set(recruiter.auth)
      .send({ minutes: 30, reason: 'Dyslexia accommodation' })
      .expect(200);
    expect(ext.body).toMatchObject({ status: 'invited', deadline: null, extensionMinutes: 30 });
    const start = await t.http().post('/api/v1/candidate/attempt/start').set(a.candidateAuth).expect(200);
    expect(new Date(start.body.deadline).getTime() - new Date(start.body.startedAt).getTime()).toBe(90 * 60_000);
    const one = await t.http().get(`/api/v1/invitations/${a.invitation.id}`).set(recruiter.auth).expect(200);
    expect(one.body.extensions).toEqual([expect.objectContaining({ minutes: 30, reason: 'Dyslexia accommodation' })]);
  });

  it('should answer 409 when a submitted invitation is extended or withdrawn', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    await t.http().post('/api/v1/candidate/attempt/submit').set(c.candidateAuth).expect(200);
    await t
      .http()
      .post(`/api/v1/invitations/${c.invitation.id}/extensions`)
      .set(recruiter.auth)
      .send({ minutes: 10, reason: 'Too late now' })
      .expect(409);
    await t.http().post(`/api/v1/invitations/${c.invitation.id}/withdraw`).set(recruiter.auth).expect(409);
    const one = await t.http().get(`/api/v1/invitations/${c.invitation.id}`).set(recruiter.auth).expect(200);
    expect(one.body).toMatchObject({ status: 'submitted', extensionMinutes: 0, extensions: [] });
  });

  it('should answer 400 naming the field and store nothing when invitation input is invalid', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM invitations');
    const bad = await t
      .http()
      .post(`/api/v1/assessments/${assessmentId}/invitations`)
      .set(recruiter.auth)
      .send({ candidateName: '', candidateEmail: 'nope', extraMinutes: -5 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'candidateEmail',
      'candidateName',
      'extraMinutes',
    ]);
    const c = await inviteCandidate(t, recruiter, assessmentId);
    const ext = await t
      .http()
      .post(`/api/v1/invitations/${c.invitation.id}/extensions`)
      .set(recruiter.auth)
      .send({ minutes: 241, reason: 'x' })
      .expect(400);
    expect(ext.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['minutes', 'reason']);
    const q = await t.http().get('/api/v1/invitations?status=lost&assessmentId=12').set(recruiter.auth).expect(400);
    expect(q.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['assessmentId', 'status']);
    await t.http().get('/api/v1/invitations/00000000-0000-4000-8000-000000000000').set(recruiter.auth).expect(404);
    const after = await t.dataSource.query('SELECT count(*)::int AS n FROM invitations');
    expect(after[0].n).toBe(before[0].n + 1);
  });

  it('should answer 403 when a reviewer tries to invite or list candidates', async () => {
    await t
      .http()
      .post(`/api/v1/assessments/${assessmentId}/invitations`)
      .set(reviewer.auth)
      .send({ candidateName: 'X', candidateEmail: 'x@example.test' })
      .expect(403);
    await t.http().get('/api/v1/invitations').set(reviewer.auth).expect(403);
  });

  it('should email a new link and stop the old one working when a recruiter resends an invitation', async () => {
    const email = 'resend@example.test';
    const c = await inviteCandidate(t, recruiter, assessmentId, {
      candidateName: 'Katherine Johnson',
      candidateEmail: email,
    });
    await smtp.waitFor(email);
    const res = await t.http().post(`/api/v1/invitations/${c.invitation.id}/resend`).set(recruiter.auth).expect(200);
    expect(res.body).toMatchObject({
      id: c.invitation.id,
      status: 'invited',
      link: `http://candor.test/t/${res.body.token}`,
    });
    expect(res.body.token).not.toBe(c.token);

    await t.http().get('/api/v1/candidate/attempt').set(c.candidateAuth).expect(401);
    await t.http().get('/api/v1/candidate/attempt').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    for (let i = 0; i < 100 && smtp.received.filter((m) => m.to.includes(email)).length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    const mails = smtp.received.filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain(res.body.link);
    expect(mails[1].text).not.toContain(c.token);
    const events = await t.dataSource.query(`SELECT type, actor_id FROM events WHERE invitation_id = $1 ORDER BY id`, [
      c.invitation.id,
    ]);
    expect(events).toContainEqual({ type: 'invitation.resent', actor_id: recruiter.id });
    expect(JSON.stringify(events)).not.toContain(res.body.token);
  });

  it('should resend during the attempt and answer 409 once the invitation is withdrawn', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    const res = await t.http().post(`/api/v1/invitations/${c.invitation.id}/resend`).set(recruiter.auth).expect(200);
    expect(res.body.status).toBe('started');
    const answers = await t
      .http()
      .get('/api/v1/candidate/attempt/answers')
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect(200);
    expect(answers.body).toEqual({ answers: {} });
    await t.http().post(`/api/v1/invitations/${c.invitation.id}/withdraw`).set(recruiter.auth).expect(200);
    const conflict = await t
      .http()
      .post(`/api/v1/invitations/${c.invitation.id}/resend`)
      .set(recruiter.auth)
      .expect(409);
    expect(conflict.body.detail).toContain('withdrawn');
    await t
      .http()
      .post('/api/v1/invitations/00000000-0000-4000-8000-000000000000/resend')
      .set(recruiter.auth)
      .expect(404);
    await t.http().post(`/api/v1/invitations/${c.invitation.id}/resend`).set(reviewer.auth).expect(403);
  });

  it('should find candidates by part of their name or email, any case, with the assessment title and flags', async () => {
    const other = (await createPublishedAssessment(t, recruiter, { title: 'Searchable test' })).id;
    const a = await inviteCandidate(t, recruiter, other, {
      candidateName: 'Dorothy Vaughan',
      candidateEmail: 'dv@example.test',
    });
    t.clock.advanceMinutes(1);
    await inviteCandidate(t, recruiter, other, {
      candidateName: 'Mary Jackson',
      candidateEmail: 'mj_100%@example.test',
    });

    const byName = await t.http().get('/api/v1/invitations?q=VAUGH').set(recruiter.auth).expect(200);
    expect(byName.body.map((i: { id: string }) => i.id)).toEqual([a.invitation.id]);
    expect(byName.body[0]).toMatchObject({
      assessmentId: other,
      assessmentTitle: 'Searchable test',
      overdue: false,
      atRisk: false,
    });
    const byEmail = await t
      .http()
      .get(`/api/v1/invitations?q=${encodeURIComponent('_100%')}`)
      .set(recruiter.auth);
    expect(byEmail.body.map((i: { candidateName: string }) => i.candidateName)).toEqual(['Mary Jackson']);
    // `_` and `%` are themselves, not wildcards.
    const literal = await t
      .http()
      .get(`/api/v1/invitations?q=${encodeURIComponent('d_')}`)
      .set(recruiter.auth);
    expect(literal.body).toEqual([]);
    const paged = await t.http().get(`/api/v1/invitations?assessmentId=${other}&limit=1&offset=1`).set(recruiter.auth);
    expect(paged.body.map((i: { id: string }) => i.id)).toEqual([a.invitation.id]);
  });

  it('should flag a waiting submission at risk and then overdue as its feedback window passes', async () => {
    const c = await createSubmission(t, recruiter, assessmentId);
    const flags = async (): Promise<{ overdue: boolean; atRisk: boolean }> => {
      const res = await t.http().get(`/api/v1/invitations?status=submitted`).set(recruiter.auth).expect(200);
      const mine = res.body.find((i: { id: string }) => i.id === c.invitation.id);
      return { overdue: mine.overdue, atRisk: mine.atRisk };
    };
    expect(await flags()).toEqual({ overdue: false, atRisk: false });
    t.clock.advanceMinutes(0.75 * 120 * 60);
    expect(await flags()).toEqual({ overdue: false, atRisk: true });
    t.clock.advanceMinutes(0.25 * 120 * 60 + 1);
    expect(await flags()).toEqual({ overdue: true, atRisk: false });
  });
});
