import { type QueryRunner } from 'typeorm';
import { createPublishedAssessment, inviteCandidate } from './factories/assessment.factory.js';
import { createStaff } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('overload', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A pool of two that waits 200 ms for a connection: the test takes both and the service has none to give.
    t = await createTestApp({ queue: 'postgres', env: { DATABASE_POOL_SIZE: '2', DATABASE_POOL_WAIT_MS: '200' } });
  });
  afterAll(() => t.close());

  it('should answer 503 with Retry-After and problem+json, then save, when the pool has no connection for a while', async () => {
    const recruiter = await createStaff(t, 'recruiter');
    const assessment = await createPublishedAssessment(t, recruiter);
    const c = await inviteCandidate(t, recruiter, assessment.id);
    await t.http().post('/api/v1/candidate/attempt/start').set(c.candidateAuth).expect(200);
    const held: QueryRunner[] = [];
    for (let i = 0; i < 2; i++) {
      const runner = t.dataSource.createQueryRunner();
      await runner.connect();
      held.push(runner);
    }
    const busy = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'v1' });
    for (const runner of held) await runner.release();
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('2');
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(busy.body).toMatchObject({ type: '/problems/service-busy', status: 503, code: 'SERVICE.BUSY' });
    expect(JSON.stringify(busy.body)).not.toContain('undefined');
    const saved = await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(c.candidateAuth)
      .send({ value: 'v1' })
      .expect(200);
    expect(saved.body).toMatchObject({ value: 'v1', revision: 1 });
  });
});
