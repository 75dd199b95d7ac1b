import { setTimeout as sleep } from 'node:timers/promises';
import { AttemptsService } from '../src/attempts/attempts.service.js';
import { autoSubmitJobId } from '../src/invitations/attempt-deadline.js';
import { createPublishedAssessment, inviteCandidate, type InvitedCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { queueBackends } from './support/test-services.js';

const GRACE_SECONDS = 30;
const LIMIT_MINUTES = 20;

describe.each(queueBackends())('auto-submit on the %s queue', (queue) => {
  let t: TestApp;
  let recruiter: StaffSession;
  let assessmentId: string;

  beforeAll(async () => {
    t = await createTestApp({ queue, env: { ATTEMPT_GRACE_SECONDS: String(GRACE_SECONDS) } });
    recruiter = await createStaff(t, 'recruiter');
    assessmentId = (await createPublishedAssessment(t, recruiter, { timeLimitMinutes: LIMIT_MINUTES })).id;
  });
  afterAll(() => t.close());

  interface Row {
    status: string;
    submitted_by: string | null;
    submitted_at: Date | null;
    submit_processed_at: Date | null;
    deadline: Date | null;
  }
  const row = async (id: string): Promise<Row> =>
    (
      await t.dataSource.query<Row[]>(
        `SELECT status, submitted_by, submitted_at, submit_processed_at, deadline FROM invitations WHERE id = $1`,
        [id],
      )
    )[0];
  const submittedEvents = async (id: string): Promise<number> =>
    (
      await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM events WHERE invitation_id = $1 AND type = 'attempt.submitted'`,
        [id],
      )
    )[0].n;

  async function waitForStatus(id: string, status: string): Promise<Row> {
    for (let i = 0; i < 100; i++) {
      const current = await row(id);
      if (current.status === status) return current;
      await sleep(100);
    }
    throw new Error(`invitation ${id} never became ${status} (is ${(await row(id)).status})`);
  }

  async function startWithAnswer(): Promise<{ c: InvitedCandidate; deadline: Date }> {
    const c = await inviteCandidate(t, recruiter, assessmentId);
    const start = await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'What I had time to write' })
      .expect(200);
    return { c, deadline: new Date(start.body.deadline as string) };
  }

  it('should auto-submit through the delayed job with the saved answers when the attempt is left alone', async () => {
    const { c, deadline } = await startWithAnswer();
    const job = await t.jobs.getJob(autoSubmitJobId(c.invitation.id, deadline));
    expect(job).toBeDefined();
    expect(job!.name).toBe('attempt.auto-submit');
    expect(job!.data).toEqual({ invitationId: c.invitation.id, deadlineMs: deadline.getTime() });
    // Delay measured from the server's clock to deadline + grace.
    expect(job!.delay).toBe(deadline.getTime() + GRACE_SECONDS * 1000 - t.clock.now().getTime());

    t.clock.set(new Date(deadline.getTime() + GRACE_SECONDS * 1000 + 2000));
    await job!.promote();
    const submitted = await waitForStatus(c.invitation.id, 'submitted');
    expect(submitted.submitted_by).toBe('deadline');
    expect(submitted.submitted_at!.toISOString()).toBe(deadline.toISOString());
    expect(submitted.submit_processed_at!.toISOString()).toBe(t.clock.now().toISOString());
    expect(await submittedEvents(c.invitation.id)).toBe(1);

    const late = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'Too late' })
      .expect(409);
    expect(late.body.type).toMatch(/\/deadline-passed$/);
    const answers = await t.http().get('/api/v1/candidate/attempt/answers').set(c.candidateAuth).expect(200);
    expect(answers.body.answers.design).toMatchObject({ value: 'What I had time to write', revision: 1 });
    const candidateSubmit = await t.http().post('/api/v1/candidate/attempt/submit').set(c.candidateAuth).expect(200);
    expect(candidateSubmit.body).toMatchObject({
      status: 'submitted',
      submittedBy: 'deadline',
      submittedAt: deadline.toISOString(),
    });
    expect(await submittedEvents(c.invitation.id)).toBe(1);
  });

  it('should auto-submit through the sweep when the delayed job was lost', async () => {
    const { c, deadline } = await startWithAnswer();
    const id = autoSubmitJobId(c.invitation.id, deadline);
    await t.jobs.removeJob(id);
    expect(await t.jobs.getJob(id)).toBeUndefined();

    t.clock.set(new Date(deadline.getTime() + GRACE_SECONDS * 1000 - 1000));
    await t.jobs.runSweeps();
    expect((await row(c.invitation.id)).status).toBe('started');

    t.clock.advanceMinutes(30);
    await t.jobs.runSweeps();
    const submitted = await row(c.invitation.id);
    expect(submitted).toMatchObject({ status: 'submitted', submitted_by: 'deadline' });
    // A late sweep never makes the candidate look late.
    expect(submitted.submitted_at!.toISOString()).toBe(deadline.toISOString());
    await t.jobs.runSweeps();
    expect(await submittedEvents(c.invitation.id)).toBe(1);
  });

  it('should move the deadline and the auto-submit job when an extension is granted mid-attempt', async () => {
    const { c, deadline } = await startWithAnswer();
    const oldId = autoSubmitJobId(c.invitation.id, deadline);
    t.clock.advanceMinutes(5);
    const ext = await t
      .http()
      .post(`/api/v1/invitations/${c.invitation.id}/extensions`)
      .set(recruiter.auth)
      .send({ minutes: 15, reason: 'Power cut at the candidate' })
      .expect(200);
    const newDeadline = new Date(deadline.getTime() + 15 * 60_000);
    expect(ext.body).toMatchObject({ deadline: newDeadline.toISOString(), extensionMinutes: 15 });
    expect(ext.body.extensions).toEqual([
      expect.objectContaining({ minutes: 15, reason: 'Power cut at the candidate', grantedBy: recruiter.id }),
    ]);

    const newJob = await t.jobs.getJob(autoSubmitJobId(c.invitation.id, newDeadline));
    expect(newJob).toBeDefined();
    expect(newJob!.delay).toBe(newDeadline.getTime() + GRACE_SECONDS * 1000 - t.clock.now().getTime());

    // The old job, when it runs at the old cutoff, finds the deadline moved and does nothing.
    t.clock.set(new Date(deadline.getTime() + GRACE_SECONDS * 1000 + 1000));
    const oldJob = await t.jobs.getJob(oldId);
    if (oldJob) await oldJob.promote();
    await t.app.get(AttemptsService).autoSubmit({ invitationId: c.invitation.id, deadlineMs: deadline.getTime() });
    await t.jobs.runSweeps();
    expect((await row(c.invitation.id)).status).toBe('started');
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/code')
      .set(c.candidateAuth)
      .send({ value: 'extra time used' })
      .expect(200);

    t.clock.set(new Date(newDeadline.getTime() + GRACE_SECONDS * 1000 + 1000));
    await newJob!.promote();
    const submitted = await waitForStatus(c.invitation.id, 'submitted');
    expect(submitted.submitted_at!.toISOString()).toBe(newDeadline.toISOString());
    expect(await submittedEvents(c.invitation.id)).toBe(1);
  });

  it('should make one submission and one event when a candidate submit races the auto-submit', async () => {
    for (let i = 0; i < 3; i++) {
      const { c, deadline } = await startWithAnswer();
      // Inside the grace period the candidate may still submit; the job is due a moment later.
      t.clock.set(new Date(deadline.getTime() + GRACE_SECONDS * 1000));
      const attempts = t.app.get(AttemptsService);
      const payload = { invitationId: c.invitation.id, deadlineMs: deadline.getTime() };
      const [submit] = await Promise.all([
        t.http().post('/api/v1/candidate/attempt/submit').set(c.candidateAuth),
        attempts.autoSubmit(payload).catch((err: Error) => err),
        t.jobs.runSweeps(),
      ]);
      expect(submit.status).toBe(200);
      t.clock.advance(1000);
      await Promise.all([attempts.autoSubmit(payload), attempts.autoSubmit(payload), t.jobs.runSweeps()]);
      expect((await row(c.invitation.id)).status).toBe('submitted');
      expect(await submittedEvents(c.invitation.id)).toBe(1);
    }
  });

  it('should leave the submission_facts rollup equal to its source tables when the flows above have run', async () => {
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
});

describe('auto-submit with two service instances on one database', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp({ env: { ATTEMPT_GRACE_SECONDS: String(GRACE_SECONDS) } });
    b = await createTestApp({
      databaseUrl: a.databaseUrl,
      clock: a.clock,
      env: { ATTEMPT_GRACE_SECONDS: String(GRACE_SECONDS) },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('should submit each overdue attempt exactly once when both instances run the job and the sweep at the same time', async () => {
    const recruiter = await createStaff(a, 'recruiter');
    const assessmentId = (await createPublishedAssessment(a, recruiter, { timeLimitMinutes: LIMIT_MINUTES })).id;
    const started: { id: string; deadline: Date }[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await inviteCandidate(a, recruiter, assessmentId);
      const res = await a.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
      started.push({ id: c.invitation.id, deadline: new Date(res.body.deadline as string) });
    }
    a.clock.advanceMinutes(LIMIT_MINUTES + 1);

    await Promise.all([
      a.jobs.runSweeps(),
      b.jobs.runSweeps(),
      ...started.flatMap(({ id, deadline }) =>
        [a, b].map((app) =>
          app.app.get(AttemptsService).autoSubmit({ invitationId: id, deadlineMs: deadline.getTime() }),
        ),
      ),
    ]);

    const rows = await a.dataSource.query<{ status: string; submitted_by: string; events: number }[]>(
      `SELECT i.status, i.submitted_by, (SELECT count(*)::int FROM events e WHERE e.invitation_id = i.id AND e.type = 'attempt.submitted') AS events
       FROM invitations i WHERE i.id = ANY($1)`,
      [started.map((s) => s.id)],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'submitted' && r.submitted_by === 'deadline' && r.events === 1)).toBe(true);
  });

  it('should leave the submission_facts rollup equal to its source tables when the flows above have run', async () => {
    expect(await submissionFactsDrift(a.dataSource)).toEqual([]);
  });
});
