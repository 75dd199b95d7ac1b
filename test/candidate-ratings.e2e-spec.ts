import { randomBytes } from 'node:crypto';
import {
  hoursAfter,
  insertAssessment,
  insertInvitation,
  type HistoryAssessment,
} from './factories/metrics-history.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('candidate experience ratings', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessment: HistoryAssessment;
  const newToken = (): string => randomBytes(32).toString('base64url');
  const tokens = { started: newToken(), submitted: newToken(), sent: newToken(), rated: newToken() };
  const ids: Record<keyof typeof tokens, string> = { started: '', submitted: '', sent: '', rated: '' };
  const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

  // Staff accounts hash passwords with argon2: slow on a busy machine, so set-up gets more than a test.
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    const now = t.clock.now();
    assessment = await insertAssessment(t, {
      title: 'Rated exercise',
      timeLimitMinutes: 60,
      feedbackDueHours: 72,
      createdBy: recruiter.id,
      at: hoursAfter(now, -200),
    });
    const submittedAt = hoursAfter(now, -48);
    ids.started = await insertInvitation(t, {
      assessment,
      createdAt: hoursAfter(now, -5),
      startedAt: hoursAfter(now, -0.5),
      token: tokens.started,
    });
    ids.submitted = await insertInvitation(t, {
      assessment,
      createdAt: hoursAfter(now, -72),
      startedAt: hoursAfter(submittedAt, -1),
      submittedAt,
      token: tokens.submitted,
    });
    ids.sent = await insertInvitation(t, {
      assessment,
      createdAt: hoursAfter(now, -72),
      startedAt: hoursAfter(submittedAt, -1),
      submittedAt,
      claims: [{ reviewerId: reviewer.id, claimedAfterHours: 1, status: 'completed', endedAfterHours: 20 }],
      token: tokens.sent,
    });
    ids.rated = await insertInvitation(t, {
      assessment,
      createdAt: hoursAfter(now, -72),
      startedAt: hoursAfter(submittedAt, -1),
      submittedAt,
      claims: [{ reviewerId: reviewer.id, claimedAfterHours: 2, status: 'completed', endedAfterHours: 30 }],
      token: tokens.rated,
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
    const early = await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.started))
      .send({ stage: 'after_submit', length: 3, learning: 4 })
      .expect(409);
    expect(early.body.type).toMatch(/rating-not-open$/);
    await t
      .http()
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
      [{ stage: 'after_submit', length: 3, learning: 4, comment: 42 }, 'comment'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http().post('/api/v1/candidate/ratings').set(bearer(tokens.submitted)).send(body).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM candidate_ratings')).toEqual([{ n: 0 }]);
  });

  it('should answer 400 naming length and learning when an after_submit rating leaves them out', async () => {
    const res = await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.submitted))
      .send({ stage: 'after_submit' })
      .expect(400);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/\/validation$/), status: 400 });
    expect(res.body.errors).toEqual([
      { field: 'length', message: 'length is required with stage after_submit' },
      { field: 'learning', message: 'learning is required with stage after_submit' },
    ]);
    const noLength = await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.submitted))
      .send({ stage: 'after_submit', learning: 4 })
      .expect(400);
    expect(noLength.body.errors).toEqual([{ field: 'length', message: 'length is required with stage after_submit' }]);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM candidate_ratings')).toEqual([{ n: 0 }]);
  });

  it('should answer 400 naming feedbackUsefulness when an after_feedback rating leaves it out', async () => {
    const res = await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.sent))
      .send({ stage: 'after_feedback', length: 4, learning: 4 })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'feedbackUsefulness', message: 'feedbackUsefulness is required with stage after_feedback' },
    ]);
  });

  it('should answer 400 naming comment when the comment is over 2000 characters', async () => {
    const send = (comment: string) =>
      t
        .http()
        .post('/api/v1/candidate/ratings')
        .set(bearer(tokens.sent))
        .send({ stage: 'after_feedback', feedbackUsefulness: 3, comment });
    for (const comment of [
      'a'.repeat(2001),
      // 2001 code points, as PostgreSQL counts them, though a variation-selector-blind count would say 1990.
      'a'.repeat(1990) + '\uFE0F'.repeat(11),
      'a NUL \u0000 is not text',
    ]) {
      const res = await send(comment).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'comment' })]);
      // The problem names the field; it never echoes what the candidate wrote.
      expect(JSON.stringify(res.body)).not.toContain('aaaaaaaaaa');
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM candidate_ratings')).toEqual([{ n: 0 }]);
  });

  it('should store one rating per stage and return the first when a candidate rates again', async () => {
    const first = await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.submitted))
      .send({ stage: 'after_submit', length: 2, learning: 5 })
      .expect(201);
    expect(first.body).toEqual({
      stage: 'after_submit',
      length: 2,
      learning: 5,
      feedbackUsefulness: null,
      comment: null,
      createdAt: t.clock.now().toISOString(),
    });
    const again = await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.submitted))
      .send({ stage: 'after_submit', length: 5, learning: 1 })
      .expect(201);
    expect(again.body).toEqual(first.body);
    const events = await t.dataSource.query(
      `SELECT type, actor_type AS "actorType", data FROM events WHERE invitation_id = $1`,
      [ids.submitted],
    );
    expect(events).toEqual([{ type: 'candidate.rated', actorType: 'candidate', data: { stage: 'after_submit' } }]);
  });

  it('should store a usefulness-only rating with its trimmed comment when the candidate rates the feedback', async () => {
    const comment = 'It quoted my own answer back to me, so I knew exactly what to fix.';
    const res = await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.rated))
      .send({ stage: 'after_feedback', feedbackUsefulness: 5, comment: `  ${comment}\n` })
      .expect(201);
    expect(res.body).toEqual({
      stage: 'after_feedback',
      length: null,
      learning: null,
      feedbackUsefulness: 5,
      comment,
      createdAt: t.clock.now().toISOString(),
    });
    const rows = await t.dataSource.query(
      `SELECT stage, length, learning, feedback_usefulness AS "feedbackUsefulness", comment FROM candidate_ratings WHERE invitation_id = $1`,
      [ids.rated],
    );
    expect(rows).toEqual([{ stage: 'after_feedback', length: null, learning: null, feedbackUsefulness: 5, comment }]);
    // The event says a rating happened; the candidate's words stay in the rating alone.
    const events = await t.dataSource.query(
      `SELECT data FROM events WHERE invitation_id = $1 AND type = 'candidate.rated'`,
      [ids.rated],
    );
    expect(events).toEqual([{ data: { stage: 'after_feedback' } }]);
  });

  it('should refuse at the database an after_submit rating without length when a writer skips the API', async () => {
    await expect(
      t.dataSource.query(
        `INSERT INTO candidate_ratings (invitation_id, stage, learning, created_at) VALUES ($1, 'after_submit', 3, now())`,
        [ids.started],
      ),
    ).rejects.toThrow(/candidate_ratings_submit_scores_check/);
    await expect(
      t.dataSource.query(
        `INSERT INTO candidate_ratings (invitation_id, stage, created_at) VALUES ($1, 'after_feedback', now())`,
        [ids.started],
      ),
    ).rejects.toThrow(/candidate_ratings_feedback_scores_check/);
  });

  it('should show the ratings in the metrics per assessment and per reviewer when feedback was rated', async () => {
    await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(bearer(tokens.sent))
      .send({ stage: 'after_feedback', length: 4, learning: 3, feedbackUsefulness: 4 })
      .expect(201);
    const res = await t.http().get('/api/v1/metrics/turnaround').set(recruiter.auth).expect(200);
    // submitted: (2, 5); sent: (4, 3, usefulness 4); rated: (usefulness 5 only, its nulls left out of the averages).
    expect(res.body.assessments).toEqual([
      expect.objectContaining({
        id: assessment.id,
        ratings: { count: 3, length: 3, learning: 4, feedbackUsefulness: 4.5 },
      }),
    ]);
    expect(res.body.reviewers).toEqual([
      expect.objectContaining({ id: reviewer.id, ratings: { count: 2, feedbackUsefulness: 4.5 } }),
    ]);
  });

  it('should show the usefulness averages and the latest comments on feedback when a recruiter opens the dashboard', async () => {
    const page = await t.http().get('/dashboard').set('Cookie', `candor_session=${recruiter.token}`).expect(200);
    const html = page.text;
    const reviewerRow = html.slice(
      html.indexOf('<table id="reviewers">'),
      html.indexOf('</table>', html.indexOf('<table id="reviewers">')),
    );
    expect(reviewerRow).toContain('4.5 / 5 (2)');
    const comments = html.slice(html.indexOf('<table id="feedback-comments">'));
    expect(comments).toContain('It quoted my own answer back to me, so I knew exactly what to fix.');
    expect(comments).toContain('Rated exercise');
    expect(comments).toContain('5 / 5');
    expect(comments).toContain('Test reviewer');
  });

  it('should leave the submission_facts rollup equal to its source tables when the flows above have run', async () => {
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
});
