import {
  createPublishedAssessment,
  createSubmission,
  inviteCandidate,
  type InvitedCandidate,
} from './factories/assessment.factory.js';
import { goodFeedback, QUOTED_PASSAGE } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { waitForMails } from './support/mail-wait.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface AuditEntry {
  id: string;
  at: string;
  actor: { type: string; id: string | null };
  action: string;
  entity: string;
  entityId: string;
  invitationId: string | null;
  data: Record<string, unknown>;
}

const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

describe('privacy: the audit trail and the candidate data export', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessmentId: string;
  /** A candidate whose feedback was sent: their invitation, review and the link sent with the feedback. */
  let reviewed: { candidate: InvitedCandidate; reviewId: string; feedbackToken: string; email: string; name: string };

  const audit = (query: string, who: StaffSession = admin) =>
    t.http().get(`/api/v1/audit${query}`).set(who.auth).expect(200);
  const entries = async (query: string): Promise<AuditEntry[]> => (await audit(query)).body as AuditEntry[];

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ env: { SMTP_URL: smtp.url, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await createStaff(t, 'admin');
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    assessmentId = (await createPublishedAssessment(t, recruiter, { title: 'Payments backend' })).id;

    const candidate = await createSubmission(t, recruiter, assessmentId);
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    expect(claim.body.submissionId).toBe(candidate.invitation.id);
    await t
      .http()
      .post(`/api/v1/reviews/${claim.body.id}/complete`)
      .set(reviewer.auth)
      .send(goodFeedback('privacy'))
      .expect(200);
    const [row] = await t.dataSource.query<{ candidate_email: string; candidate_name: string }[]>(
      `SELECT candidate_email, candidate_name FROM invitations WHERE id = $1`,
      [candidate.invitation.id],
    );
    const [mail] = await waitForMails(smtp, [row.candidate_email], /^Your feedback: /);
    const feedbackToken = /\/t\/([\w-]+)/.exec(mail.text)![1];
    expect(feedbackToken).not.toBe(candidate.token);
    reviewed = {
      candidate,
      reviewId: claim.body.id,
      feedbackToken,
      email: row.candidate_email,
      name: row.candidate_name,
    };
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  describe('the audit endpoint', () => {
    it("should list a candidate's whole history, newest first, when an admin filters by the invitation id", async () => {
      const list = await entries(`?id=${reviewed.candidate.invitation.id}`);
      const actions = list.map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'invitation.created',
          'attempt.started',
          'attempt.submitted',
          'review.claimed',
          'review.completed',
          'feedback.sent',
        ]),
      );
      const id = reviewed.candidate.invitation.id;
      expect(list.every((e) => e.entityId === id || e.invitationId === id)).toBe(true);
      // The review's own entries are found by the invitation id too.
      expect(list.find((e) => e.action === 'review.completed')).toMatchObject({
        entity: 'review',
        entityId: reviewed.reviewId,
        invitationId: reviewed.candidate.invitation.id,
        actor: { type: 'staff', id: reviewer.id },
        data: { decision: 'advance' },
      });
      expect(list.find((e) => e.action === 'attempt.started')).toMatchObject({
        entity: 'invitation',
        actor: { type: 'candidate', id: reviewed.candidate.invitation.id },
        at: expect.any(String),
      });
      const ids = list.map((e) => BigInt(e.id));
      expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);
      // Facts, never the person or their work.
      const text = JSON.stringify(list);
      for (const personal of [reviewed.email, reviewed.name, QUOTED_PASSAGE]) expect(text).not.toContain(personal);
    });

    it('should list only what one actor did when an admin filters by actor, and combine it with entity', async () => {
      const byReviewer = await entries(`?actor=${reviewer.id}`);
      expect(byReviewer.length).toBeGreaterThan(0);
      expect(byReviewer.every((e) => e.actor.id === reviewer.id)).toBe(true);
      expect(byReviewer.map((e) => e.action)).toEqual(
        expect.arrayContaining(['user.signed_in', 'review.claimed', 'review.completed']),
      );
      const reviewsOnly = await entries(`?actor=${reviewer.id}&entity=review`);
      expect(reviewsOnly.length).toBeGreaterThan(0);
      expect(reviewsOnly.every((e) => e.entity === 'review' && e.actor.id === reviewer.id)).toBe(true);
      const byCandidate = await entries(`?actor=${reviewed.candidate.invitation.id}`);
      expect(byCandidate.map((e) => e.action)).toEqual(
        expect.arrayContaining(['attempt.started', 'attempt.submitted']),
      );
    });

    it('should list only the entries in [from, to) when an admin filters by time', async () => {
      const start = t.clock.now();
      const key = (
        await t
          .http()
          .post('/api/v1/integrations/keys')
          .set(admin.auth)
          .send({ name: 'Timed', provider: 'ashby' })
          .expect(201)
      ).body as { id: string };
      const later = t.clock.advanceHours(2);
      await t.http().delete(`/api/v1/integrations/keys/${key.id}`).set(admin.auth).expect(204);
      const q = (from: Date, to?: Date) =>
        entries(`?id=${key.id}&from=${from.toISOString()}${to ? `&to=${to.toISOString()}` : ''}`);

      expect((await q(start, later)).map((e) => e.action)).toEqual(['integration.key_created']);
      expect((await q(later)).map((e) => e.action)).toEqual(['integration.key_revoked']);
      expect((await q(start)).map((e) => e.action)).toEqual(['integration.key_revoked', 'integration.key_created']);
      expect(await q(new Date(later.getTime() + 1))).toEqual([]);
    });

    it('should page back from an entry when an admin passes limit and before', async () => {
      const all = await entries(`?id=${reviewed.candidate.invitation.id}`);
      expect(all.length).toBeGreaterThan(3);
      const first = await entries(`?id=${reviewed.candidate.invitation.id}&limit=2`);
      expect(first).toEqual(all.slice(0, 2));
      const next = await entries(`?id=${reviewed.candidate.invitation.id}&limit=2&before=${first[1].id}`);
      expect(next).toEqual(all.slice(2, 4));
    });

    it('should refuse recruiters and reviewers with 403 and an anonymous caller with 401', async () => {
      await t.http().get('/api/v1/audit').set(recruiter.auth).expect(403);
      await t.http().get('/api/v1/audit').set(reviewer.auth).expect(403);
      await t.http().get('/api/v1/audit').expect(401);
      await t.http().get('/api/v1/audit').set(reviewed.candidate.candidateAuth).expect(401);
    });

    it.each([
      ['id=not-a-uuid', 'id'],
      ['actor=42', 'actor'],
      ['entity=Invitation%3B', 'entity'],
      ['from=yesterday', 'from'],
      ['from=2026-W10', 'from'],
      ['to=20260302T1000Z', 'to'],
      ['from=2026-03-02&to=2026-03-01', 'to'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['before=abc', 'before'],
      ['before=1e30', 'before'],
      ['sort=asc', 'sort'],
    ])('should answer 400 naming the field when the query has %s', async (query, field) => {
      const res = await t.http().get(`/api/v1/audit?${query}`).set(admin.auth).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('what is audited', () => {
    it('should record key creation and revocation by the admin and each call the key authenticates', async () => {
      const key = (
        await t
          .http()
          .post('/api/v1/integrations/keys')
          .set(admin.auth)
          .send({ name: 'Greenhouse', provider: 'greenhouse' })
          .expect(201)
      ).body as { id: string; key: string };
      await t.http().get('/integrations/greenhouse/list_tests?unused=zelda%40example.test').set(basic(key.key));
      await t.http().get('/integrations/greenhouse/list_tests').set(basic('cnd_wrong')).expect(401);
      await t.http().delete(`/api/v1/integrations/keys/${key.id}`).set(admin.auth).expect(204);

      const list = await entries(`?entity=integration&id=${key.id}`);
      expect(list.map(({ action, actor, data }) => ({ action, actor, data }))).toEqual([
        { action: 'integration.key_revoked', actor: { type: 'staff', id: admin.id }, data: { provider: 'greenhouse' } },
        {
          action: 'integration.called',
          actor: { type: 'integration', id: key.id },
          data: { provider: 'greenhouse', call: 'list_tests' },
        },
        { action: 'integration.key_created', actor: { type: 'staff', id: admin.id }, data: { provider: 'greenhouse' } },
      ]);
      expect(JSON.stringify(list)).not.toContain('zelda');
      expect(JSON.stringify(list)).not.toContain(key.key);
    });

    it('should record a refused sign-in without the email typed when the password is wrong', async () => {
      const before = (await entries('?limit=1'))[0].id;
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: reviewer.email, password: 'wrong-password-1' })
        .expect(401);
      const list = await entries(`?entity=user`);
      const refused = list.filter((e) => BigInt(e.id) > BigInt(before));
      expect(refused.map(({ action, actor, data }) => ({ action, actor, data }))).toEqual([
        {
          action: 'user.sign_in_failed',
          actor: { type: 'staff', id: null },
          data: { via: 'api', reason: 'credentials' },
        },
      ]);
      expect(JSON.stringify(refused)).not.toContain(reviewer.email);
    });
  });

  describe('append-only', () => {
    it('should answer an entry as appended when its facts hold null, text, numbers and booleans', async () => {
      const [{ id }] = await t.dataSource.query<{ id: string }[]>(`SELECT gen_random_uuid() AS id`);
      await t.dataSource.query(
        `INSERT INTO events (occurred_at, aggregate_type, aggregate_id, type, actor_type, actor_id, data)
         VALUES ($1, 'invitation', $2, 'feedback.breached', 'system', NULL, $3)`,
        [t.clock.now(), id, JSON.stringify({ revokedReviewId: null, feedbackDueAt: 'x', n: 2, late: true })],
      );
      expect(await entries(`?id=${id}`)).toEqual([
        {
          id: expect.stringMatching(/^\d+$/),
          at: t.clock.now().toISOString(),
          actor: { type: 'system', id: null },
          action: 'feedback.breached',
          entity: 'invitation',
          entityId: id,
          invitationId: null,
          data: { revokedReviewId: null, feedbackDueAt: 'x', n: 2, late: true },
        },
      ]);
    });

    it("should refuse UPDATE, DELETE and TRUNCATE on events when the service's own connection tries them", async () => {
      const id = reviewed.candidate.invitation.id;
      const count = async () =>
        (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM events`))[0].n;
      const before = await count();
      await expect(t.dataSource.query(`UPDATE events SET type = 'x' WHERE invitation_id = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(t.dataSource.query(`DELETE FROM events WHERE invitation_id = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(t.dataSource.query(`TRUNCATE events`)).rejects.toThrow(/append-only/);
      expect(await count()).toBe(before);
    });
  });

  describe('the candidate data export', () => {
    it('should hold what the candidate wrote with its save times, as an attachment, when the candidate asks', async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId, {
        candidateName: 'Ada Export',
        candidateEmail: 'ada.export@example.test',
      });
      const startedAt = t.clock.now();
      await t.http().post('/api/v1/candidate/attempt/start').set(candidate.candidateAuth).expect(200);
      const save = (key: string, value: string) =>
        t
          .http()
          .put(`/api/v1/candidate/attempt/answers/${key}`)
          .set(candidate.candidateAuth)
          .send({ value })
          .expect(200);
      t.clock.advanceMinutes(5);
      await save('design', 'A first draft.');
      const designSavedAt = t.clock.advanceMinutes(7);
      await save('design', 'Idempotency keys per payout, stored before the transfer.');
      const codeSavedAt = t.clock.advanceMinutes(3);
      await save('code', 'const sum = (cents) => cents.reduce((a, b) => a + b, 0n);');
      const submittedAt = t.clock.advanceMinutes(1);
      await t.http().post('/api/v1/candidate/attempt/submit').set(candidate.candidateAuth).expect(200);

      const res = await t.http().get('/api/v1/candidate/data').set(candidate.candidateAuth).expect(200);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="candor-data-${candidate.invitation.id}.json"`,
      );
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        exportedAt: t.clock.now().toISOString(),
        invitation: expect.objectContaining({
          id: candidate.invitation.id,
          assessmentTitle: 'Payments backend',
          candidateName: 'Ada Export',
          candidateEmail: 'ada.export@example.test',
          status: 'submitted',
          startedAt: startedAt.toISOString(),
          submittedAt: submittedAt.toISOString(),
          submittedBy: 'candidate',
          feedbackSentAt: null,
        }),
        answers: [
          {
            questionKey: 'design',
            prompt: 'How would you make a payout job safe to retry?',
            type: 'text',
            value: 'Idempotency keys per payout, stored before the transfer.',
            savedAt: designSavedAt.toISOString(),
            revision: 2,
          },
          {
            questionKey: 'code',
            prompt: 'Write a function that sums cents without floats.',
            type: 'code',
            value: 'const sum = (cents) => cents.reduce((a, b) => a + b, 0n);',
            savedAt: codeSavedAt.toISOString(),
            revision: 1,
          },
        ],
        feedback: expect.objectContaining({ status: 'pending' }),
        ratings: [],
      });
    });

    it('should hold the feedback and the ratings when the candidate uses the link sent with the feedback', async () => {
      const auth = { Authorization: `Bearer ${reviewed.feedbackToken}` };
      await t
        .http()
        .post('/api/v1/candidate/ratings')
        .set(auth)
        .send({ stage: 'after_feedback', feedbackUsefulness: 5, comment: 'Clear and kind.' })
        .expect(201);
      const res = await t.http().get('/api/v1/candidate/data').set(auth).expect(200);
      const feedback = (await t.http().get('/api/v1/candidate/feedback').set(auth).expect(200)).body;
      expect(res.body.invitation).toMatchObject({
        id: reviewed.candidate.invitation.id,
        candidateEmail: reviewed.email,
        status: 'feedback_sent',
      });
      expect(res.body.feedback).toEqual(feedback);
      expect(res.body.feedback).toMatchObject({ status: 'sent', decision: 'advance' });
      expect(res.body.answers.map((a: { questionKey: string }) => a.questionKey)).toEqual(['design', 'code', 'choice']);
      expect(res.body.answers[0].value).toContain(QUOTED_PASSAGE);
      expect(res.body.ratings).toEqual([
        expect.objectContaining({ stage: 'after_feedback', feedbackUsefulness: 5, comment: 'Clear and kind.' }),
      ]);
      // The invitation's own link still opens the same data.
      const same = await t.http().get('/api/v1/candidate/data').set(reviewed.candidate.candidateAuth).expect(200);
      expect(same.body.invitation.id).toBe(reviewed.candidate.invitation.id);
    });

    it('should give another candidate only their own data and refuse a missing or unknown token with 401', async () => {
      const other = await inviteCandidate(t, recruiter, assessmentId);
      const res = await t.http().get('/api/v1/candidate/data').set(other.candidateAuth).expect(200);
      expect(res.body.invitation.id).toBe(other.invitation.id);
      expect(res.body.answers).toEqual([]);
      expect(res.body).not.toHaveProperty('feedback');
      expect(JSON.stringify(res.body)).not.toContain(reviewed.email);
      expect(JSON.stringify(res.body)).not.toContain(QUOTED_PASSAGE);

      await t.http().get('/api/v1/candidate/data').expect(401);
      await t.http().get('/api/v1/candidate/data').set({ Authorization: 'Bearer not-a-real-token' }).expect(401);
      await t.http().get('/api/v1/candidate/data').set(admin.auth).expect(401);
    });

    it('should offer the download on the feedback page', async () => {
      const html = (await t.http().get(`/t/${reviewed.feedbackToken}`).expect(200)).text;
      expect(html).toContain('id="data-download"');
      expect(html).toContain('Download your data (JSON)');
    });
  });
});
