import { createPublishedAssessment, inviteCandidate, type InvitedCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { queueBackends } from './support/test-services.js';

// The save path (the race with submit, the cutoff, revisions) must hold whichever backend runs the jobs.
describe.each(queueBackends())('candidate attempts on the %s queue', (queue) => {
  let t: TestApp;
  let recruiter: StaffSession;
  let assessmentId: string;

  beforeAll(async () => {
    t = await createTestApp({ queue, env: { ATTEMPT_GRACE_SECONDS: '30' } });
    recruiter = await createStaff(t, 'recruiter');
    assessmentId = (await createPublishedAssessment(t, recruiter, { timeLimitMinutes: 45 })).id;
  });
  afterAll(() => t.close());

  const events = async (
    invitationId: string,
    type: string,
  ): Promise<{ actor_type: string; data: Record<string, unknown> }[]> =>
    t.dataSource.query(`SELECT actor_type, data FROM events WHERE invitation_id = $1 AND type = $2`, [
      invitationId,
      type,
    ]);

  it('should let a candidate read, start, save, reload and submit when the token is valid', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId, { extraMinutes: 15 });
    expect(c.invitation).toMatchObject({ status: 'invited', link: `http://candor.test/t/${c.token}` });
    expect(Buffer.from(c.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const stored = await t.dataSource.query(`SELECT token_hash FROM invitations WHERE id = $1`, [c.invitation.id]);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].token_hash).not.toContain(c.token);

    const before = await t.http().get('/api/v1/candidate/attempt').set(c.candidateAuth).expect(200);
    expect(before.body).toMatchObject({
      status: 'invited',
      startedAt: null,
      deadline: null,
      totalMinutes: 60,
      serverNow: t.clock.now().toISOString(),
    });
    expect(before.body.readings.map((r: { title: string }) => r.title)).toEqual(['About us', 'The team']);
    expect(before.body.questions).toBeUndefined();
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'too early' })
      .expect(409);

    t.clock.advanceMinutes(10);
    const startedAt = t.clock.now();
    const start = await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    expect(start.body).toMatchObject({
      status: 'started',
      startedAt: startedAt.toISOString(),
      deadline: new Date(startedAt.getTime() + 60 * 60_000).toISOString(),
      answers: {},
    });
    expect(start.body.questions.map((q: { key: string }) => q.key)).toEqual(['design', 'code', 'choice']);

    t.clock.advanceMinutes(1);
    const first = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'First thoughts' })
      .expect(200);
    expect(first.body).toMatchObject({ questionKey: 'design', revision: 1, savedAt: t.clock.now().toISOString() });
    const second = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'Idempotency keys and a ledger' })
      .expect(200);
    expect(second.body.revision).toBe(2);
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/choice')
      .set(c.candidateAuth)
      .send({ value: 'serializable' })
      .expect(200);

    const again = await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    expect(again.body).toMatchObject({
      status: 'started',
      startedAt: startedAt.toISOString(),
      deadline: start.body.deadline,
    });
    expect(again.body.answers.design).toMatchObject({ value: 'Idempotency keys and a ledger', revision: 2 });

    const reloaded = await t.http().get('/api/v1/candidate/attempt/answers').set(c.candidateAuth).expect(200);
    expect(Object.keys(reloaded.body.answers).sort()).toEqual(['choice', 'design']);

    t.clock.advanceMinutes(20);
    const submitted = await t.http().post('/api/v1/candidate/attempt/submit').set(c.candidateAuth).expect(200);
    expect(submitted.body).toEqual({
      status: 'submitted',
      submittedAt: t.clock.now().toISOString(),
      submittedBy: 'candidate',
      feedbackDueAt: new Date(t.clock.now().getTime() + 120 * 3_600_000).toISOString(),
    });
    t.clock.advanceMinutes(1);
    const repeat = await t.http().post('/api/v1/candidate/attempt/submit').set(c.candidateAuth).expect(200);
    expect(repeat.body).toEqual(submitted.body);

    const saveAfter = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'changed' })
      .expect(409);
    expect(saveAfter.body.type).toMatch(/state-conflict$/);
    const submittedEvents = await events(c.invitation.id, 'attempt.submitted');
    expect(submittedEvents).toEqual([{ actor_type: 'candidate', data: { by: 'candidate', answerCount: 2 } }]);
    const staffView = await t.http().get(`/api/v1/invitations/${c.invitation.id}`).set(recruiter.auth).expect(200);
    expect(staffView.body).toMatchObject({
      status: 'submitted',
      submittedBy: 'candidate',
      startedAt: startedAt.toISOString(),
    });
  });

  it('should answer 404 for an unknown question and 400 naming the field for a bad value', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    await t.http().put('/api/v1/candidate/attempt/answers/nope').set(c.candidateAuth).send({ value: 'x' }).expect(404);
    const notOption = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/choice')
      .set(c.candidateAuth)
      .send({ value: 'eventual' })
      .expect(400);
    expect(notOption.body.errors).toEqual([expect.objectContaining({ field: 'value' })]);
    const tooLong = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'x'.repeat(100_001) })
      .expect(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'value' })]);
    const notString = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 42 })
      .expect(400);
    expect(notString.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['value']));
    const answers = await t.http().get('/api/v1/candidate/attempt/answers').set(c.candidateAuth).expect(200);
    expect(answers.body.answers).toEqual({});
  });

  it('should keep each candidate to their own attempt and refuse staff or unknown tokens', async () => {
    const a = await inviteCandidate(t, recruiter, assessmentId);
    const b = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(a.candidateAuth).expect(200);
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(a.candidateAuth)
      .send({ value: 'A private answer' })
      .expect(200);

    const bView = await t.http().get('/api/v1/candidate/attempt').set(b.candidateAuth).expect(200);
    expect(bView.body.status).toBe('invited');
    const bAnswers = await t.http().get('/api/v1/candidate/attempt/answers').set(b.candidateAuth).expect(200);
    expect(bAnswers.body.answers).toEqual({});
    // Staff routes never reveal an invitation to a candidate token either.
    await t.http().get(`/api/v1/invitations/${a.invitation.id}`).set(b.candidateAuth).expect(401);

    for (const auth of [
      recruiter.auth,
      { Authorization: 'Bearer not-a-token' },
      { Authorization: `Bearer ${a.token}x` },
      {},
    ]) {
      const res = await t.http().get('/api/v1/candidate/attempt').set(auth).expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('should answer 409 deadline-passed and keep the stored answer when a save comes after deadline + grace', async () => {
    const c: InvitedCandidate = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'Saved in time' })
      .expect(200);

    t.clock.advanceMinutes(45);
    t.clock.advance(30_000);
    const lastMoment = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/code')
      .set(c.candidateAuth)
      .send({ value: 'within grace' })
      .expect(200);
    expect(lastMoment.body.revision).toBe(1);

    t.clock.advance(1);
    const late = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'Too late' })
      .expect(409);
    expect(late.body.type).toMatch(/\/deadline-passed$/);
    const answers = await t.http().get('/api/v1/candidate/attempt/answers').set(c.candidateAuth).expect(200);
    expect(answers.body.answers.design).toMatchObject({ value: 'Saved in time', revision: 1 });
  });

  it('should answer 409 when an expired or withdrawn invitation is started', async () => {
    const withdrawn = await inviteCandidate(t, recruiter, assessmentId);
    const w = await t
      .http()
      .post(`/api/v1/invitations/${withdrawn.invitation.id}/withdraw`)
      .set(recruiter.auth)
      .expect(200);
    expect(w.body.status).toBe('withdrawn');
    await t.http().post('/api/v1/candidate/attempt/start').set(withdrawn.candidateAuth).expect(409);

    const startedThenWithdrawn = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(startedThenWithdrawn.candidateAuth).expect(200);
    await t
      .http()
      .post(`/api/v1/invitations/${startedThenWithdrawn.invitation.id}/withdraw`)
      .set(recruiter.auth)
      .expect(200);
    await t.http().post('/api/v1/candidate/attempt/start').set(startedThenWithdrawn.candidateAuth).expect(409);
    const withdrawnView = await t
      .http()
      .get('/api/v1/candidate/attempt')
      .set(startedThenWithdrawn.candidateAuth)
      .expect(200);
    expect(withdrawnView.body).toMatchObject({ status: 'withdrawn' });
    expect(withdrawnView.body.questions).toBeUndefined();
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(startedThenWithdrawn.candidateAuth)
      .send({ value: 'x' })
      .expect(409);

    const late = await inviteCandidate(t, recruiter, assessmentId);
    t.clock.advanceHours(7 * 24 + 1);
    await t.http().post('/api/v1/candidate/attempt/start').set(late.candidateAuth).expect(409);
    await t.jobs.runSweeps();
    const view = await t.http().get('/api/v1/candidate/attempt').set(late.candidateAuth).expect(200);
    expect(view.body.status).toBe('expired');
    expect(await events(late.invitation.id, 'invitation.expired')).toEqual([{ actor_type: 'system', data: {} }]);
    await t.http().post('/api/v1/candidate/attempt/start').set(late.candidateAuth).expect(409);
  });

  it('should produce one submission and one event when two submits race', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => t.http().post('/api/v1/candidate/attempt/submit').set(c.candidateAuth)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await events(c.invitation.id, 'attempt.submitted')).toHaveLength(1);
  });

  it('should refuse a save queued behind a submit holding the attempt, and keep the answers as submitted', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'before' })
      .expect(200);
    // Hold the invitation's row so that the submit, then the save, queue behind it in that order.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT id FROM invitations WHERE id = $1 FOR UPDATE`, [c.invitation.id]);
    const waiting = async (n: number): Promise<void> => {
      for (;;) {
        const [row] = await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        if (row.n >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const submit = t
      .http()
      .post('/api/v1/candidate/attempt/submit')
      .set(c.candidateAuth)
      .then((r) => r);
    await waiting(1);
    const save = t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'during the submit' })
      .then((r) => r);
    await waiting(2);
    await holder.rollbackTransaction();
    await holder.release();
    expect((await submit).status).toBe(200);
    const refused = await save;
    expect(refused.status).toBe(409);
    const answers = await t.http().get('/api/v1/candidate/attempt/answers').set(c.candidateAuth).expect(200);
    expect(answers.body.answers.design).toMatchObject({ value: 'before', revision: 1 });
  });

  it('should count every acknowledged save as one revision when saves of one answer run side by side', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    const saves = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t
          .http()
          .put('/api/v1/candidate/attempt/answers/design')
          .set(c.candidateAuth)
          .send({ value: `draft ${i}` }),
      ),
    );
    expect(saves.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(saves.map((r) => (r.body as { revision: number }).revision).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const answers = await t.http().get('/api/v1/candidate/attempt/answers').set(c.candidateAuth).expect(200);
    const last = saves.find((r) => (r.body as { revision: number }).revision === 12)!;
    expect(answers.body.answers.design).toMatchObject({ value: (last.body as { value: string }).value, revision: 12 });
  });

  it('should leave the submission_facts rollup equal to its source tables when the flows above have run', async () => {
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
});
