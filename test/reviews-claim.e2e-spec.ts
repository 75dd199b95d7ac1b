import { createReviewers } from './factories/reviewer.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import {
  seedAssessment,
  seedSubmission,
  seedSubmissions,
  type SeededAssessment,
} from './factories/submission.factory.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HOUR = 3_600_000;

describe('review queue: claiming', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let assessment: SeededAssessment;

  beforeAll(async () => {
    t = await createTestApp({
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', REVIEW_MAX_ACTIVE: '5', REVIEW_LEASE_MINUTES: '120' },
    });
    recruiter = await createStaff(t, 'recruiter');
    assessment = await seedAssessment(t, recruiter.id);
  }, 120_000);
  afterAll(() => t.close());

  /** Empties the queue between tests so each starts from a known state. */
  async function drainQueue(): Promise<void> {
    await t.dataSource.query(`UPDATE reviews SET status = 'released', ended_at = now() WHERE status = 'active'`);
    await t.dataSource.query(`UPDATE invitations SET status = 'withdrawn' WHERE status IN ('submitted', 'in_review')`);
  }

  it('should hand 30 queued submissions to exactly 30 of 50 concurrent claimers and answer 204 to the rest when run repeatedly', async () => {
    const reviewers = await createReviewers(t, 50);
    for (let round = 0; round < 4; round++) {
      await drainQueue();
      const seeded = await seedSubmissions(t, assessment, 30);
      const responses = await Promise.all(reviewers.map((r) => t.http().post('/api/v1/reviews/claim').set(r.auth)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(30);
      expect(statuses.filter((s) => s === 204)).toHaveLength(20);
      const claimed = responses.filter((r) => r.status === 200).map((r) => r.body.submissionId as string);
      expect(new Set(claimed).size).toBe(30);
      expect(new Set(claimed)).toEqual(new Set(seeded.map((s) => s.id)));
      const [{ active }] = await t.dataSource.query(
        `SELECT count(*)::int AS active FROM reviews WHERE status = 'active' AND invitation_id = ANY($1)`,
        [seeded.map((s) => s.id)],
      );
      expect(active).toBe(30);
      const [{ inReview }] = await t.dataSource.query(
        `SELECT count(*)::int AS "inReview" FROM invitations WHERE status = 'in_review' AND id = ANY($1)`,
        [seeded.map((s) => s.id)],
      );
      expect(inReview).toBe(30);
    }
  }, 180_000);

  it('should hand out submissions in feedback-deadline order when one reviewer claims repeatedly', async () => {
    await drainQueue();
    const now = t.clock.now().getTime();
    const late = await seedSubmission(t, assessment, { feedbackDueAt: new Date(now + 100 * HOUR) });
    const urgent = await seedSubmission(t, assessment, { feedbackDueAt: new Date(now + 10 * HOUR) });
    const middle = await seedSubmission(t, assessment, { feedbackDueAt: new Date(now + 50 * HOUR) });
    const reviewer = await createStaff(t, 'reviewer');
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
      order.push(res.body.submissionId);
    }
    expect(order).toEqual([urgent.id, middle.id, late.id]);
    await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(204);
  });

  it('should show the work but not the candidate name or email when a submission is claimed', async () => {
    await drainQueue();
    const seeded = await seedSubmission(t, assessment, {
      answers: { design: 'Use an idempotency key per payout.', pick: 'serializable' },
    });
    const reviewer = await createStaff(t, 'reviewer');
    const res = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    expect(res.text).not.toContain(seeded.candidateName);
    expect(res.text).not.toContain(seeded.candidateEmail);
    expect(res.text).not.toMatch(/zelda|quixote|candidate\.test|candidateName|candidateEmail/i);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      submissionId: seeded.id,
      assessment: { title: assessment.title, roleTitle: 'Backend Engineer' },
      rubric: [
        expect.objectContaining({ key: 'correctness', maxScore: 5 }),
        expect.objectContaining({ key: 'clarity', maxScore: 3 }),
      ],
      questions: [
        { key: 'design', prompt: expect.any(String), type: 'text' },
        { key: 'pick', prompt: expect.any(String), type: 'choice', options: ['read committed', 'serializable'] },
      ],
      answers: {
        design: expect.objectContaining({ value: 'Use an idempotency key per payout.' }),
        pick: expect.objectContaining({ value: 'serializable' }),
      },
      submittedAt: seeded.submittedAt.toISOString(),
      feedbackDueAt: seeded.feedbackDueAt.toISOString(),
      leaseExpiresAt: new Date(t.clock.now().getTime() + 120 * 60_000).toISOString(),
    });
    const mine = await t.http().get('/api/v1/reviews/mine').set(reviewer.auth).expect(200);
    expect(mine.body.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    expect(mine.text).not.toContain(seeded.candidateEmail);
  });

  it('should refuse the (REVIEW_MAX_ACTIVE + 1)-th claim with 409 when a reviewer holds the maximum', async () => {
    await drainQueue();
    await seedSubmissions(t, assessment, 7);
    const reviewer = await createStaff(t, 'reviewer');
    for (let i = 0; i < 5; i++) await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    const refused = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.type).toMatch(/too-many-active-reviews$/);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM reviews WHERE reviewer_id = $1`, [
      reviewer.id,
    ]);
    expect(n).toBe(5);
  });

  it('should refuse a sixth claim when one reviewer fires six claims at once', async () => {
    await drainQueue();
    await seedSubmissions(t, assessment, 8);
    const reviewer = await createStaff(t, 'reviewer');
    const statuses = (
      await Promise.all(Array.from({ length: 6 }, () => t.http().post('/api/v1/reviews/claim').set(reviewer.auth)))
    ).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 409]);
  });

  it('should put a submission back in the queue when its lease expires and the sweep runs', async () => {
    await drainQueue();
    const seeded = await seedSubmission(t, assessment);
    const first = await createStaff(t, 'reviewer');
    const second = await createStaff(t, 'reviewer');
    const claim = await t.http().post('/api/v1/reviews/claim').set(first.auth).expect(200);
    await t.http().post('/api/v1/reviews/claim').set(second.auth).expect(204);

    t.clock.advanceMinutes(119);
    await t.jobs.runSweeps();
    await t.http().post('/api/v1/reviews/claim').set(second.auth).expect(204);

    t.clock.advanceMinutes(2);
    await t.jobs.runSweeps();
    await t.jobs.runSweeps();
    const again = await t.http().post('/api/v1/reviews/claim').set(second.auth).expect(200);
    expect(again.body.submissionId).toBe(seeded.id);

    // The lost claim is someone else's now: its answers are gone to the first reviewer; the database keeps it.
    await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(first.auth).expect(404);
    expect(await t.dataSource.query(`SELECT status FROM reviews WHERE id = $1`, [claim.body.id])).toEqual([
      { status: 'expired' },
    ]);
    const events = await t.dataSource.query(`SELECT type FROM events WHERE invitation_id = $1 ORDER BY id`, [
      seeded.id,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'submission.claimed',
      'review.claimed',
      'review.lease_expired',
      'submission.lease_expired',
      'submission.claimed',
      'review.claimed',
    ]);
  });

  it('should renew the lease when a draft is saved so the sweep leaves the claim alone', async () => {
    await drainQueue();
    await seedSubmission(t, assessment);
    const reviewer = await createStaff(t, 'reviewer');
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    t.clock.advanceMinutes(100);
    const saved = await t
      .http()
      .put(`/api/v1/reviews/${claim.body.id}/draft`)
      .set(reviewer.auth)
      .send({ summary: 'Started reading.' })
      .expect(200);
    expect(saved.body.leaseExpiresAt).toBe(new Date(t.clock.now().getTime() + 120 * 60_000).toISOString());
    expect(saved.body.unmet.map((u: { field: string }) => u.field)).toEqual(
      expect.arrayContaining(['decision', 'summary', 'scores.correctness']),
    );
    t.clock.advanceMinutes(100);
    await t.jobs.runSweeps();
    const view = await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(reviewer.auth).expect(200);
    expect(view.body).toMatchObject({ status: 'active', draft: { summary: 'Started reading.' } });
  });

  it('should give the submission back when the claimer releases it, and 409 on a second release', async () => {
    await drainQueue();
    const seeded = await seedSubmission(t, assessment);
    const reviewer = await createStaff(t, 'reviewer');
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    await t.http().post(`/api/v1/reviews/${claim.body.id}/release`).set(reviewer.auth).expect(200);
    await t.http().post(`/api/v1/reviews/${claim.body.id}/release`).set(reviewer.auth).expect(409);
    const other = await createStaff(t, 'reviewer');
    const again = await t.http().post('/api/v1/reviews/claim').set(other.auth).expect(200);
    expect(again.body.submissionId).toBe(seeded.id);
  });

  it('should answer 404 when another reviewer asks for, drafts, releases or completes a review, and let an admin read it', async () => {
    await drainQueue();
    await seedSubmission(t, assessment);
    const owner = await createStaff(t, 'reviewer');
    const stranger = await createStaff(t, 'reviewer');
    const admin = await createStaff(t, 'admin');
    const claim = await t.http().post('/api/v1/reviews/claim').set(owner.auth).expect(200);
    const id = claim.body.id as string;
    await t.http().get(`/api/v1/reviews/${id}`).set(stranger.auth).expect(404);
    await t.http().put(`/api/v1/reviews/${id}/draft`).set(stranger.auth).send({}).expect(404);
    await t.http().post(`/api/v1/reviews/${id}/release`).set(stranger.auth).expect(404);
    await t.http().post(`/api/v1/reviews/${id}/complete`).set(stranger.auth).send({}).expect(404);
    await t.http().get(`/api/v1/reviews/${id}`).set(admin.auth).expect(200);
    await t.http().get(`/api/v1/reviews/00000000-0000-4000-8000-000000000000`).set(owner.auth).expect(404);
  });

  it('should answer 403 to a recruiter and 400 naming the field when the id or body is malformed', async () => {
    await t.http().post('/api/v1/reviews/claim').set(recruiter.auth).expect(403);
    const reviewer = await createStaff(t, 'reviewer');
    const badId = await t.http().get('/api/v1/reviews/not-a-uuid').set(reviewer.auth).expect(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    const badBody = await t
      .http()
      .put('/api/v1/reviews/00000000-0000-4000-8000-000000000000/draft')
      .set(reviewer.auth)
      .send({ decision: 'maybe', scores: { a: 'x' }, extra: 1 })
      .expect(400);
    expect(badBody.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['decision', 'extra', 'scores']);
  });

  it('should expire the lease through the review.lease-expiry job, and only reschedule it when a draft renewed the lease', async () => {
    await drainQueue();
    await seedSubmissions(t, assessment, 2);
    const reviewer = await createStaff(t, 'reviewer');
    const idle = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    const busy = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    t.clock.advanceMinutes(60);
    const renewed = await t
      .http()
      .put(`/api/v1/reviews/${busy.body.id}/draft`)
      .set(reviewer.auth)
      .send({ summary: 'Reading the code.' })
      .expect(200);
    t.clock.advanceMinutes(61);

    // The jobs as the claim scheduled them, now due by the moved clock: run them through the real queue.
    await t.jobs.add('review.lease-expiry', { reviewId: idle.body.id }, { jobId: `test-lease-${idle.body.id}` });
    await t.jobs.add('review.lease-expiry', { reviewId: busy.body.id }, { jobId: `test-lease-${busy.body.id}` });
    const statusOf = async (id: string) =>
      (await t.dataSource.query(`SELECT status FROM reviews WHERE id = $1`, [id]))[0].status as string;
    for (let i = 0; i < 100 && (await statusOf(idle.body.id)) === 'active'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await statusOf(idle.body.id)).toBe('expired');
    expect(await statusOf(busy.body.id)).toBe('active');
    const next = await t.jobs.getJob(`review-lease.${busy.body.id}.${new Date(renewed.body.leaseExpiresAt).getTime()}`);
    expect(next?.name).toBe('review.lease-expiry');
  });

  it('should leave the submission_facts rollup equal to its source tables when the flows above have run', async () => {
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
});
