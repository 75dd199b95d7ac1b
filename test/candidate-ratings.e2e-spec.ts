import { randomBytes } from 'node:crypto';
import { hoursAfter, insertAssessment, insertInvitation, type HistoryAssessment } from './factories/metrics-history.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('candidate experience ratings', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessment: HistoryAssessment;
  const tokens = { started: randomBytes(32).toString('base64url'), submitted: randomBytes(32).toString('base64url'), sent: randomBytes(32).toString('base64url') };
  const ids: Record<keyof typeof tokens, string> = { started: '', submitted: '', sent: '' };
  const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

  // Staff accounts hash passwords with argon2: slow on a busy machine, so set-up gets more than a test.
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    const now = t.clock.now();
    assessment = await insertAssessment(t, { title: 'Rated exercise', timeLimitMinutes: 60, feedbackDueHours: 72, createdBy: recruiter.id, at: hoursAfter(now, -200) });
    const submittedAt = hoursAfter(now, -48);
    ids.started = await insertInvitation(t, { assessment, createdAt: hoursAfter(now, -5), startedAt: hoursAfter(now, -0.5), token: tokens.started });
    ids.submitted = await insertInvitation(t, { assessment, createdAt: hoursAfter(now, -72), startedAt: hoursAfter(submittedAt, -1), submittedAt, token: tokens.submitted });
    ids.sent = await insertInvitation(t, {
      assessment,
      createdAt: hoursAfter(now, -72),
      startedAt: hoursAfter(submittedAt, -1),
      submittedAt,
      claims: [{ reviewerId: reviewer.id, claimedAfterHours: 1, status: 'completed', endedAfterHours: 20 }],
      token: tokens.sent,
    });
  }, 180_000);
  afterAll(() => t.close());

  it('should answer 401 when the candidate token is missing or unknown', async () => {
    const body = { stage: 'after_submit', length: 3, learning: 4 };
    await t.http().post('/api/v1/candidate/ratings').send(body).expect(401);
    await t.http().post('/api/v1/candidate/ratings').set(bearer('not-a-token')).send(body).expect(401);
    await t.http().post('/api/v1/candidate/ratings').set(recruiter.auth).send(body).expect(401);
  });

  it('should answer 409 when the stage is not open yet', async () => {
    const early = await t.http().post('/api/v1/candidate/ratings').set(bearer(tokens.started)).send({ stage: 'after_submit', length: 3, learning: 4 }).expect(409);
    expect(early.body.type).toMatch(/rating-not-open$/);
    await t.http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.submitted))
      .send({ stage: 'after_feedback', length: 3, learning: 4, feedbackUsefulness: 4 })
      .expect(409);
  });

  it('should answer 400 naming the field when a rating is out of range or misplaced', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ stage: 'after_submit', length: 6, learning: 4 }, 'length'],
      [{ stage: 'after_submit', length: 3, learning: 0 }, 'learning'],
      [{ stage: 'later', length: 3, learning: 4 }, 'stage'],
      [{ stage: 'after_submit', length: 3, learning: 4, feedbackUsefulness: 5 }, 'feedbackUsefulness'],
      [{ stage: 'after_submit', length: 3, learning: 4, mood: 'good' }, 'mood'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http().post('/api/v1/candidate/ratings').set(bearer(tokens.submitted)).send(body).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM candidate_ratings')).toEqual([{ n: 0 }]);
  });

  it('should store one rating per stage and return the first when a candidate rates again', async () => {
    const first = await t.http().post('/api/v1/candidate/ratings').set(bearer(tokens.submitted)).send({ stage: 'after_submit', length: 2, learning: 5 }).expect(201);
    expect(first.body).toEqual({ stage: 'after_submit', length: 2, learning: 5, feedbackUsefulness: null, createdAt: t.clock.now().toISOString() });
    const again = await t.http().post('/api/v1/candidate/ratings').set(bearer(tokens.submitted)).send({ stage: 'after_submit', length: 5, learning: 1 }).expect(201);
    expect(again.body).toEqual(first.body);
    const events = await t.dataSource.query(`SELECT type, actor_type AS "actorType", data FROM events WHERE invitation_id = $1`, [ids.submitted]);
    expect(events).toEqual([{ type: 'candidate.rated', actorType: 'candidate', data: { stage: 'after_submit' } }]);
  });

  it('should show the ratings in the metrics per assessment and per reviewer when feedback was rated', async () => {
    await t.http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.sent))
      .send({ stage: 'after_feedback', length: 4, learning: 3, feedbackUsefulness: 4 })
      .expect(201);
    const res = await t.http().get('/api/v1/metrics/turnaround').set(recruiter.auth).expect(200);
    // submitted: (2, 5); sent: (4, 3, usefulness 4).
    expect(res.body.assessments).toEqual([
      expect.objectContaining({ id: assessment.id, ratings: { count: 2, length: 3, learning: 4, feedbackUsefulness: 4 } }),
    ]);
    expect(res.body.reviewers).toEqual([expect.objectContaining({ id: reviewer.id, ratings: { count: 1, feedbackUsefulness: 4 } })]);
  });

  it('should leave the submission_facts rollup equal to its source tables when the flows above have run', async () => {
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
});
