import {
  assessmentBody,
  createPublishedAssessment,
  createSubmission,
  inviteCandidate,
} from './factories/assessment.factory.js';
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

const BAD_QUERIES = [
  '?from=yesterday',
  '?to=2026-13-45',
  '?assessmentId=123',
  '?status=lost',
  '?partner_interview_id[]=x',
  '?from=2026-01-01&from=2026-02-01',
];

describe('bad input never causes a 500', () => {
  let t: TestApp;
  let operations: Operation[];
  let auth: Record<string, { Authorization: string }>;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    const admin = await createStaff(t, 'admin');
    const assessment = await createPublishedAssessment(t, admin);
    const candidate = await inviteCandidate(t, admin, assessment.id);
    const key = (
      await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(admin.auth)
        .send({ name: 'k', provider: 'greenhouse' })
        .expect(201)
    ).body.key as string;
    const ashby = (
      await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(admin.auth)
        .send({ name: 'a', provider: 'ashby' })
        .expect(201)
    ).body.key as string;
    auth = {
      staff: admin.auth,
      candidate: candidate.candidateAuth,
      greenhouse: { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      ashby: { Authorization: `Basic ${Buffer.from(`${ashby}:`).toString('base64')}` },
    };
    const docs = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
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
        ? [
            op.path.replace(/\{[^}]+\}/g, 'not-a-uuid'),
            op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
          ]
        : [op.path];
      for (const path of paths) {
        const attempts = ['post', 'put', 'patch'].includes(op.method)
          ? BAD_BODIES.map((body) => ({ url: path, body }))
          : BAD_QUERIES.map((q) => ({ url: path + q, body: undefined }));
        for (const { url, body } of attempts) {
          const req = t.http()[op.method](url).set(credentialFor(op.path));
          const res = await (body === undefined
            ? req
            : req.set('content-type', 'application/json').send(JSON.stringify(body)));
          if (res.status >= 500)
            failures.push(`${op.method.toUpperCase()} ${url} ${JSON.stringify(body)} -> ${res.status}`);
          else if (
            res.status >= 400 &&
            !String(res.headers['content-type']).startsWith('application/problem+json') &&
            !op.path.startsWith('/t/')
          ) {
            failures.push(`${op.method.toUpperCase()} ${url} -> ${res.status} as ${res.headers['content-type']}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** The fields a 400 names, for compact assertions. */
const fieldsOf = (body: Problem): string[] => (body.errors ?? []).map((e) => e.field);

describe('bad input is a 4xx problem naming the field, never a 500 or a change (issue 11)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createStaff>>;
  let reviewer: Awaited<ReturnType<typeof createStaff>>;
  let assessmentId: string;
  let candidate: Awaited<ReturnType<typeof inviteCandidate>>;
  let reviewId: string;
  let greenhouse: { Authorization: string };

  const expectProblem = (
    res: { status: number; headers: Record<string, string>; body: Problem },
    status: number,
  ): Problem => {
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(res.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
    return res.body;
  };
  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await createStaff(t, 'admin');
    reviewer = await createStaff(t, 'reviewer');
    assessmentId = (await createPublishedAssessment(t, admin)).id;
    candidate = await inviteCandidate(t, admin, assessmentId);
    await createSubmission(t, admin, assessmentId);
    reviewId = (await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200)).body.id as string;
    const key = (
      await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(admin.auth)
        .send({ name: 'gh', provider: 'greenhouse' })
        .expect(201)
    ).body.key as string;
    greenhouse = { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
  });
  afterAll(() => t.close());

  describe('deeply nested JSON (finding 3)', () => {
    const nested = (levels: number) =>
      '{"email":"a@b.test","password":"x","extra":' + '['.repeat(levels) + ']'.repeat(levels) + '}';

    it('should answer 400 naming the body without parsing it when JSON nests 300 000 levels', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(nested(300_000));
      const problem = expectProblem(res, 400);
      expect(problem.errors).toEqual([{ field: 'body', message: expect.stringMatching(/nested too deeply/) }]);
    });

    it('should keep /health answering when eight deeply nested bodies arrive at once', async () => {
      const [health, ...logins] = await Promise.all([
        new Promise((r) => setTimeout(r, 20)).then(() => t.http().get('/health')),
        ...Array.from({ length: 8 }, () =>
          t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(nested(300_000)),
        ),
      ]);
      expect(logins.map((r) => r.status)).toEqual(Array(8).fill(400));
      expect(health.status).toBe(200);
    });

    it('should refuse 33 levels and accept 32 when the nesting is at the limit, counting brackets in strings for nothing', async () => {
      const deep = (levels: number) => ({
        ...assessmentBody(),
        title: '[[[[{{{{'.repeat(10),
        extra: JSON.parse('['.repeat(levels - 1) + ']'.repeat(levels - 1)) as unknown,
      });
      // Level 1 is the body object itself.
      const tooDeep = await t
        .http()
        .post('/api/v1/assessments')
        .set(admin.auth)
        .set('content-type', 'application/json')
        .send(JSON.stringify(deep(33)));
      expect(fieldsOf(expectProblem(tooDeep, 400))).toEqual(['body']);
      const atLimit = await t
        .http()
        .post('/api/v1/assessments')
        .set(admin.auth)
        .set('content-type', 'application/json')
        .send(JSON.stringify(deep(32)));
      // Parsed, then refused by validation for the unknown field, not for its depth.
      expect(expectProblem(atLimit, 400).errors).toEqual([
        { field: 'extra', message: 'property extra should not exist' },
      ]);
    });
  });

  describe('NUL characters and unpaired surrogates (finding 4)', () => {
    const MESSAGE = 'must not contain NUL characters or unpaired surrogates';

    it('should answer 400 naming the field and save nothing when an answer contains NUL', async () => {
      const fresh = await inviteCandidate(t, admin, assessmentId);
      await t.http().post('/api/v1/candidate/attempt/start').set(fresh.candidateAuth).expect(200);
      const res = await t
        .http()
        .put('/api/v1/candidate/attempt/answers/design')
        .set(fresh.candidateAuth)
        .send({ value: 'a\u0000b' });
      expect(expectProblem(res, 400).errors).toEqual([{ field: 'value', message: MESSAGE }]);
      const saved = await t.http().get('/api/v1/candidate/attempt/answers').set(fresh.candidateAuth).expect(200);
      expect(saved.body.answers).toEqual({});
    });

    it('should answer 400 naming email when a login email has a lone surrogate', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send('{"email":"a\\ud83d@b.com","password":"secret-password"}');
      expect(expectProblem(res, 400).errors).toEqual([{ field: 'email', message: MESSAGE }]);
    });

    it('should name each nested field when titles, readings, names, drafts, reasons and Greenhouse fields carry NUL or lone surrogates', async () => {
      const before = {
        assessments: await count('assessments'),
        users: await count('users'),
        invitations: await count('invitations'),
      };
      const cases: {
        send: () => Promise<{ status: number; headers: Record<string, string>; body: Problem }>;
        field: string;
      }[] = [
        {
          field: 'title',
          send: () =>
            t
              .http()
              .post('/api/v1/assessments')
              .set(admin.auth)
              .send(assessmentBody({ title: 'Back\udc00end' })),
        },
        {
          field: 'sections[0].body',
          send: () =>
            t
              .http()
              .post('/api/v1/assessments')
              .set(admin.auth)
              .send(
                assessmentBody({
                  sections: [
                    { kind: 'reading', title: 'About', body: 'x\u0000' },
                    ...assessmentBody().sections.slice(2),
                  ],
                }),
              ),
        },
        {
          field: 'rubric[1].title',
          send: () =>
            t
              .http()
              .post('/api/v1/assessments')
              .set(admin.auth)
              .send(
                assessmentBody({ rubric: [assessmentBody().rubric[0], { key: 'k', title: '\ud800', maxScore: 3 }] }),
              ),
        },
        {
          field: 'name',
          send: () =>
            t.http().post('/api/v1/users').set(admin.auth).send({
              email: 'nul@candor.test',
              name: 'Nu\u0000l',
              role: 'reviewer',
              password: 'a-long-enough-password',
            }),
        },
        {
          field: 'candidateName',
          send: () =>
            t
              .http()
              .post(`/api/v1/assessments/${assessmentId}/invitations`)
              .set(admin.auth)
              .send({ candidateName: 'Ada\u0000', candidateEmail: 'ada-nul@example.test' }),
        },
        {
          field: 'candidateEmail',
          send: () =>
            t
              .http()
              .post(`/api/v1/assessments/${assessmentId}/invitations`)
              .set(admin.auth)
              .send({ candidateName: 'Ada', candidateEmail: 'ada\udbff@example.test' }),
        },
        {
          field: 'reason',
          send: () =>
            t
              .http()
              .post(`/api/v1/invitations/${candidate.invitation.id}/extensions`)
              .set(admin.auth)
              .send({ minutes: 5, reason: 'slow\u0000' }),
        },
        {
          field: 'summary',
          send: () =>
            t.http().put(`/api/v1/reviews/${reviewId}/draft`).set(reviewer.auth).send({ summary: 'good\u0000' }),
        },
        {
          field: 'comments[0].quote.exact',
          send: () =>
            t
              .http()
              .put(`/api/v1/reviews/${reviewId}/draft`)
              .set(reviewer.auth)
              .send({ comments: [{ questionKey: 'design', quote: { exact: '\udfff' }, text: 'x' }] }),
        },
        {
          field: 'criteria',
          send: () =>
            t
              .http()
              .put(`/api/v1/reviews/${reviewId}/draft`)
              .set(reviewer.auth)
              .send({ criteria: { 'cla\u0000rity': 'fine' } }),
        },
        {
          field: 'candidate.first_name',
          send: () =>
            t
              .http()
              .post('/integrations/greenhouse/send_test')
              .set(greenhouse)
              .send({
                partner_test_id: assessmentId,
                candidate: {
                  first_name: 'A\u0000',
                  last_name: 'L',
                  email: 'a@example.test',
                  greenhouse_profile_url: 'https://app.greenhouse.io/people/1',
                },
                url: 'https://app.greenhouse.io/hooks/1',
              }),
        },
      ];
      for (const c of cases) {
        const problem = expectProblem(await c.send(), 400);
        expect({ field: c.field, errors: problem.errors }).toEqual({
          field: c.field,
          errors: [{ field: c.field, message: expect.stringContaining(MESSAGE) }],
        });
      }
      expect({
        assessments: await count('assessments'),
        users: await count('users'),
        invitations: await count('invitations'),
      }).toEqual(before);
    });

    it('should answer 400 naming the parameter when a query string or path parameter carries NUL or a lone surrogate', async () => {
      const query = await t.http().get('/api/v1/invitations?status=invited%00').set(admin.auth);
      expect(expectProblem(query, 400).errors).toEqual([{ field: 'status', message: MESSAGE }]);
      const path = await t
        .http()
        .put('/api/v1/candidate/attempt/answers/design%00')
        .set(candidate.candidateAuth)
        .send({ value: 'x' });
      expect(expectProblem(path, 400).errors).toEqual([{ field: 'questionKey', message: MESSAGE }]);
      // %ED%A0%80 is a surrogate encoded as UTF-8, which is not valid UTF-8: a malformed URL, 400 naming the path.
      const surrogate = await t.http().get('/api/v1/assessments/%ED%A0%80').set(admin.auth);
      expect(fieldsOf(expectProblem(surrogate, 400))).toEqual(['path']);
    });
  });

  describe('nested arrays (finding 7)', () => {
    it('should answer 400 naming sections[0] and store nothing when a section is an array', async () => {
      const before = await count('assessments');
      const res = await t
        .http()
        .post('/api/v1/assessments')
        .set(admin.auth)
        .send(assessmentBody({ sections: [[] as never, ...assessmentBody().sections] }));
      expect(fieldsOf(expectProblem(res, 400))).toEqual(['sections[0]']);
      expect(await count('assessments')).toBe(before);
    });

    it('should answer 400 naming rubric[0] when a criterion is an array, on create and on update', async () => {
      const created = await t
        .http()
        .post('/api/v1/assessments')
        .set(admin.auth)
        .send(assessmentBody({ rubric: [[] as never] }));
      expect(fieldsOf(expectProblem(created, 400))).toEqual(['rubric[0]']);
      const draft = (await t.http().post('/api/v1/assessments').set(admin.auth).send(assessmentBody()).expect(201)).body
        .id as string;
      const patched = await t
        .http()
        .patch(`/api/v1/assessments/${draft}`)
        .set(admin.auth)
        .send({ sections: [[{ kind: 'reading' }]], rubric: [[]] });
      expect(fieldsOf(expectProblem(patched, 400)).sort()).toEqual(['rubric[0]', 'sections[0]']);
    });
  });

  describe('blank text, empty assessments, URL limits, rate limits, body-less endpoints (finding 10)', () => {
    it('should answer 400 naming each field when titles, names, readings and prompts are only spaces', async () => {
      const blank = assessmentBody({
        title: '   ',
        roleTitle: '\t ',
        sections: [
          { kind: 'reading', title: ' ', body: ' \n ' },
          { kind: 'question', key: 'q', prompt: '  ', type: 'text' },
        ],
        rubric: [{ key: 'c', title: '  ', maxScore: 3 }],
      });
      const res = await t.http().post('/api/v1/assessments').set(admin.auth).send(blank);
      expect(fieldsOf(expectProblem(res, 400)).sort()).toEqual([
        'roleTitle',
        'rubric[0].title',
        'sections[0].body',
        'sections[0].title',
        'sections[1].prompt',
        'title',
      ]);
      const user = await t
        .http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ email: 'blank@candor.test', name: '  ', role: 'reviewer', password: 'a-long-enough-password' });
      expect(fieldsOf(expectProblem(user, 400))).toEqual(['name']);
      const invite = await t
        .http()
        .post(`/api/v1/assessments/${assessmentId}/invitations`)
        .set(admin.auth)
        .send({ candidateName: '   ', candidateEmail: 'blank@example.test' });
      expect(fieldsOf(expectProblem(invite, 400))).toEqual(['candidateName']);
    });

    it('should store the trimmed title when a title has spaces around it', async () => {
      const res = await t
        .http()
        .post('/api/v1/assessments')
        .set(admin.auth)
        .send(assessmentBody({ title: '  Backend  ' }))
        .expect(201);
      expect(res.body.title).toBe('Backend');
    });

    it('should answer 409 naming sections and keep the draft when an assessment without a question is published', async () => {
      const draft = (
        await t
          .http()
          .post('/api/v1/assessments')
          .set(admin.auth)
          .send(assessmentBody({ sections: [{ kind: 'reading', title: 'About', body: 'Only reading.' }] }))
          .expect(201)
      ).body.id as string;
      const res = await t.http().post(`/api/v1/assessments/${draft}/publish`).set(admin.auth);
      const problem = expectProblem(res, 409);
      expect(problem.type).toMatch(/\/state-conflict$/);
      expect(problem.errors).toEqual([{ field: 'sections', message: expect.stringMatching(/at least one question/) }]);
      const after = await t.http().get(`/api/v1/assessments/${draft}`).set(admin.auth).expect(200);
      expect(after.body.status).toBe('draft');
      expect(await t.dataSource.query('SELECT 1 FROM assessment_versions WHERE assessment_id = $1', [draft])).toEqual(
        [],
      );
    });

    it('should answer problem+json when a path parameter is too long (414), a URL is malformed or headers are too large (431)', async () => {
      const long = await t
        .http()
        .get(`/api/v1/assessments/${'a'.repeat(150)}`)
        .set(admin.auth);
      const problem = expectProblem(long, 414);
      expect(problem.detail).not.toContain('aaaa');
      const malformed = await t.http().get('/api/v1/assessments/%zz').set(admin.auth);
      expect(fieldsOf(expectProblem(malformed, 400))).toEqual(['path']);
      // Beyond Node's 16 KB for the request line and headers: answered on the socket, still problem+json.
      const huge = await t
        .http()
        .get(`/api/v1/assessments?x=${'a'.repeat(20_000)}`)
        .set(admin.auth);
      expectProblem(huge, 431);
    });

    it('should say when to try again when login attempts are rate limited', async () => {
      const limited = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1' } });
      try {
        await limited
          .http()
          .post('/api/v1/auth/login')
          .send({ email: 'nobody@candor.test', password: 'wrong-password' })
          .expect(401);
        const res = await limited
          .http()
          .post('/api/v1/auth/login')
          .send({ email: 'nobody@candor.test', password: 'wrong-password' });
        const problem = expectProblem(res, 429);
        expect(problem.detail).toMatch(/^Too many attempts; try again in \d+ s\.$/);
        expect(res.headers['retry-after']).toMatch(/^\d+$/);
      } finally {
        await limited.close();
      }
    });

    it('should answer 400 naming each unknown field and not start when a body is sent to start', async () => {
      const fresh = await inviteCandidate(t, admin, assessmentId);
      const res = await t
        .http()
        .post('/api/v1/candidate/attempt/start')
        .set(fresh.candidateAuth)
        .send({ bogus: 1, extraMinutes: 600 });
      expect(expectProblem(res, 400).errors).toEqual([
        { field: 'bogus', message: 'property bogus should not exist' },
        { field: 'extraMinutes', message: 'property extraMinutes should not exist' },
      ]);
      const view = await t.http().get('/api/v1/candidate/attempt').set(fresh.candidateAuth).expect(200);
      expect(view.body.status).toBe('invited');
      const notAnObject = await t
        .http()
        .post('/api/v1/candidate/attempt/start')
        .set(fresh.candidateAuth)
        .set('content-type', 'application/json')
        .send('[1]');
      expect(fieldsOf(expectProblem(notAnObject, 400))).toEqual(['body']);
      await t.http().post('/api/v1/candidate/attempt/start').set(fresh.candidateAuth).send({}).expect(200);
    });
  });
});
