import { createPublishedAssessment, createSubmission } from './factories/assessment.factory.js';
import { goodFeedback, seedAssessment, seedSubmission, type SeededAssessment } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('who reads what: released claims and exported cells', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let admin: StaffSession;
  let assessment: SeededAssessment;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    recruiter = await createStaff(t, 'recruiter');
    admin = await createStaff(t, 'admin');
    assessment = await seedAssessment(t, recruiter.id);
  }, 120_000);
  afterAll(() => t.close());

  it('should answer 404 to a reviewer for a review whose claim they released, and let an admin still read it', async () => {
    const reviewer = await createStaff(t, 'reviewer');
    await seedSubmission(t, assessment);
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(reviewer.auth).expect(200);
    await t.http().post(`/api/v1/reviews/${claim.body.id}/release`).set(reviewer.auth).expect(200);
    const gone = await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(reviewer.auth).expect(404);
    expect(JSON.stringify(gone.body)).not.toContain('idempotent');
    const asAdmin = await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(admin.auth).expect(200);
    expect(asAdmin.body.status).toBe('released');
  });

  it('should let a reviewer read the review they completed when the feedback has been sent', async () => {
    const reviewer = await createStaff(t, 'reviewer');
    await seedSubmission(t, assessment);
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    await t
      .http()
      .post(`/api/v1/reviews/${claim.body.id}/complete`)
      .set(reviewer.auth)
      .send(goodFeedback('exposure-completed'))
      .expect(200);
    const mine = await t.http().get(`/api/v1/reviews/${claim.body.id}`).set(reviewer.auth).expect(200);
    expect(mine.body.status).toBe('completed');
  });

  it('should quote a title holding ";" in the turnaround CSV, so a ";" locale cannot split a formula out of it', async () => {
    const published = await createPublishedAssessment(t, recruiter, { title: 'x;=1+1' });
    await createSubmission(t, recruiter, published.id);
    t.clock.advanceMinutes(1);
    const res = await t.http().get('/api/v1/metrics/turnaround.csv').set(recruiter.auth).expect(200);
    const row = res.text.split('\r\n').find((line) => line.includes(published.id))!;
    expect(row).toContain(',"x;=1+1",');
    // Split as a ";" locale would: no cell may start a formula.
    const cells = row.replace(/"[^"]*"/g, (quoted) => quoted.replace(/;/g, '')).split(/[;,]/);
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });
});
