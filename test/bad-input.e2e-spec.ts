import { createPublishedAssessment, inviteCandidate } from './factories/assessment.factory.js';
import { createStaff } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

/** Bodies that are wrong in kind, not just in value: each must be a 4xx, never a 500. */
const BAD_BODIES: unknown[] = [
  {},
  [],
  'text',
  42,
  { unexpected: true },
  { value: { nested: 'object' } },
  { email: ['a@b.c'], name: 7, role: null, password: {} },
  { sections: 'none', rubric: [{ key: null }], timeLimitMinutes: 'long' },
  { scores: 'high', criteria: [], decision: 42, summary: { a: 1 } },
  { candidate: 'Ada', url: 5, partner_test_id: [] },
  { minutes: -1, reason: ['x'] },
];

const BAD_QUERIES = ['?from=yesterday', '?to=2026-13-45', '?assessmentId=123', '?status=lost', '?partner_interview_id[]=x', '?from=2026-01-01&from=2026-02-01'];

describe('bad input never causes a 500', () => {
  let t: TestApp;
  let operations: Operation[];
  let auth: Record<string, { Authorization: string }>;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    const admin = await createStaff(t, 'admin');
    const assessment = await createPublishedAssessment(t, admin);
    const candidate = await inviteCandidate(t, admin, assessment.id);
    const key = (await t.http().post('/api/v1/integrations/keys').set(admin.auth).send({ name: 'k', provider: 'greenhouse' }).expect(201)).body.key as string;
    const ashby = (await t.http().post('/api/v1/integrations/keys').set(admin.auth).send({ name: 'a', provider: 'ashby' }).expect(201)).body.key as string;
    auth = {
      staff: admin.auth,
      candidate: candidate.candidateAuth,
      greenhouse: { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      ashby: { Authorization: `Basic ${Buffer.from(`${ashby}:`).toString('base64')}` },
    };
    const docs = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method as Operation['method'], path })),
    );
  });
  afterAll(() => t.close());

  const credentialFor = (path: string) =>
    path.startsWith('/api/v1/candidate')
      ? auth.candidate
      : path.startsWith('/integrations/greenhouse')
        ? auth.greenhouse
        : path.startsWith('/integrations/ashby')
          ? auth.ashby
          : auth.staff;

  it('should find the whole API in the OpenAPI document', () => {
    const listed = operations.map((o) => `${o.method} ${o.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'post /api/v1/users',
        'post /api/v1/assessments',
        'patch /api/v1/assessments/{id}',
        'post /api/v1/assessments/{id}/invitations',
        'post /api/v1/invitations/{id}/extensions',
        'put /api/v1/candidate/attempt/answers/{questionKey}',
        'post /api/v1/reviews/{id}/complete',
        'put /api/v1/reviews/{id}/draft',
        'get /api/v1/metrics/turnaround',
        'post /integrations/greenhouse/send_test',
        'post /integrations/ashby/assessment.start',
      ]),
    );
  });

  it('should answer 4xx problem+json when bodies, queries and path ids are malformed', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const paths = op.path.includes('{')
        ? [op.path.replace(/\{[^}]+\}/g, 'not-a-uuid'), op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000')]
        : [op.path];
      for (const path of paths) {
        const attempts = ['post', 'put', 'patch'].includes(op.method)
          ? BAD_BODIES.map((body) => ({ url: path, body }))
          : BAD_QUERIES.map((q) => ({ url: path + q, body: undefined }));
        for (const { url, body } of attempts) {
          const req = t.http()[op.method](url).set(credentialFor(op.path));
          const res = await (body === undefined ? req : req.set('content-type', 'application/json').send(JSON.stringify(body)));
          if (res.status >= 500) failures.push(`${op.method.toUpperCase()} ${url} ${JSON.stringify(body)} -> ${res.status}`);
          else if (res.status >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json') && !op.path.startsWith('/t/')) {
            failures.push(`${op.method.toUpperCase()} ${url} -> ${res.status} as ${res.headers['content-type']}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
