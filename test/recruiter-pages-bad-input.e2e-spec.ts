import { assessmentBody, createPublishedAssessment, inviteCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Problem {
  status: number;
  errors?: { field: string; message: string }[];
}

const UNSAFE = 'must not contain NUL characters or unpaired surrogates';
const fieldsOf = (body: Problem): string[] => (body.errors ?? []).map((e) => e.field);

/** Hostile input on the recruiters' new endpoints and pages (issue 16): always a 4xx naming the field. */
describe('bad input on the recruiter pages and their endpoints', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessmentId: string;
  let invitationId: string;
  let recruiterCookie: string;
  let reviewerCookie: string;

  const signIn = async (who: StaffSession): Promise<string> => {
    const res = await t
      .http()
      .post('/login')
      .type('form')
      .send({ email: who.email, password: who.password })
      .expect(303);
    return (res.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('candor_session='))!
      .split(';')[0];
  };
  const invitationsLike = async (prefix: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM invitations WHERE candidate_email LIKE $1`,
          [`${prefix}%`],
        )
      )[0].n,
    );
  const postCsv = (csv: string | Buffer) =>
    t
      .http()
      .post(`/api/v1/assessments/${assessmentId}/invitations/bulk`)
      .set(recruiter.auth)
      .set('content-type', 'text/csv; charset=utf-8')
      .send(csv);
  const expectProblem = (res: { status: number; headers: Record<string, string>; body: Problem }, status: number) => {
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
    invitationId = (await inviteCandidate(t, recruiter, assessmentId)).invitation.id;
    [recruiterCookie, reviewerCookie] = await Promise.all([signIn(recruiter), signIn(reviewer)]);
  });
  afterAll(() => t.close());

  describe('bulk CSV uploads', () => {
    it('should answer 400 naming rows[2].candidateName and invite nobody when a cell holds a NUL', async () => {
      const res = await postCsv(
        'candidateName,candidateEmail\nAda,nul-1@example.test\nGr\u0000ace,nul-2@example.test\n',
      );
      expect(expectProblem(res, 400).errors).toEqual([{ field: 'rows[2].candidateName', message: UNSAFE }]);
      expect(await invitationsLike('nul-')).toBe(0);
    });

    it('should answer 400 naming the header when a column name holds a NUL', async () => {
      const res = await postCsv('candidateName,candidate\u0000Email\nAda,nul-h@example.test\n');
      expect(expectProblem(res, 400).errors).toEqual([{ field: 'header', message: UNSAFE }]);
    });

    it('should answer 400 naming the body and invite nobody when the file is Windows-1252 or UTF-16, not UTF-8', async () => {
      const latin1 = Buffer.concat([
        Buffer.from('candidateName,candidateEmail\nJos'),
        Buffer.from([0xe9]),
        Buffer.from(',enc-1@example.test\n'),
      ]);
      const utf16 = Buffer.from('\ufeffcandidateName,candidateEmail\nAda,enc-2@example.test\n', 'utf16le');
      for (const file of [latin1, utf16]) {
        const problem = expectProblem(await postCsv(file), 400);
        expect(problem.errors).toEqual([{ field: 'body', message: expect.stringContaining('UTF-8') }]);
      }
      expect(await invitationsLike('enc-')).toBe(0);
    });

    it('should read the header when the file starts with a byte order mark', async () => {
      const res = await postCsv('\ufeffcandidateName,candidateEmail\nJosé Bom,bom-1@example.test\n').expect(201);
      expect(res.body.invitations).toEqual([
        expect.objectContaining({ row: 1, candidateName: 'José Bom', candidateEmail: 'bom-1@example.test' }),
      ]);
    });

    it('should answer 400 naming rows or header when a file has only a header, 1001 rows or an unknown column', async () => {
      expect(fieldsOf(expectProblem(await postCsv('candidateName,candidateEmail\n'), 400))).toEqual(['rows']);
      const many = Array.from({ length: 1001 }, (_, i) => `N ${i},many-${i}@example.test`).join('\n');
      const tooMany = expectProblem(await postCsv(`candidateName,candidateEmail\n${many}\n`), 400);
      expect(tooMany.errors).toEqual([{ field: 'rows', message: expect.stringContaining('at most 1000') }]);
      const extra = expectProblem(await postCsv('candidateName,candidateEmail,phone\nAda,x-1@example.test,1\n'), 400);
      expect(fieldsOf(extra)).toEqual(['header']);
      expect(await invitationsLike('many-')).toBe(0);
    });
  });

  describe('list paging', () => {
    it('should answer 400 naming offset, never a 500, when the offset is huge, negative or not a number', async () => {
      for (const offset of ['1e20', '99999999999999999999999', '1000000001', '-1', 'abc', '1.5']) {
        const res = await t.http().get(`/api/v1/invitations?offset=${offset}`).set(recruiter.auth);
        expect({ offset, fields: [...new Set(fieldsOf(expectProblem(res, 400)))] }).toEqual({
          offset,
          fields: ['offset'],
        });
      }
      for (const limit of ['0', '1001', '-5', 'x']) {
        const res = await t.http().get(`/api/v1/invitations?limit=${limit}`).set(recruiter.auth);
        expect([...new Set(fieldsOf(expectProblem(res, 400)))]).toEqual(['limit']);
      }
      await t.http().get('/api/v1/invitations?offset=1000000000&limit=1').set(recruiter.auth).expect(200, []);
    });

    it('should answer 400 naming q when the search holds a NUL', async () => {
      const res = await t.http().get('/api/v1/invitations?q=a%00').set(recruiter.auth);
      expect(expectProblem(res, 400).errors).toEqual([{ field: 'q', message: UNSAFE }]);
    });
  });

  describe('pages', () => {
    const page = (path: string, cookie = recruiterCookie) => t.http().get(path).set('Cookie', cookie);

    it('should answer a 400 page naming the field, never a 500, when the candidates page gets a bad id, offset or filter', async () => {
      for (const [query, field] of [
        ['id=abc', 'id'],
        ['offset=1e20', 'offset'],
        ['offset=-5', 'offset'],
        ['assessmentId=x', 'assessmentId'],
        ['q=%00', 'q'],
      ]) {
        const res = await page(`/invitations?${query}`);
        expect({ query, status: res.status, type: res.headers['content-type'] }).toEqual({
          query,
          status: 400,
          type: expect.stringMatching(/^text\/html/),
        });
        expect(res.text).toContain(`<p>${field}: `);
        expect(res.text).not.toContain('undefined');
      }
    });

    it('should keep the dates typed and say why beside the form when the dashboard range is reversed', async () => {
      const res = await page('/dashboard?from=2026-02-20&to=2026-02-01');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<h1>Turnaround</h1>');
      expect(res.text).toMatch(
        /<p class="error" id="range-error" role="alert" data-range="error">The first day \(20 Feb 2026\) is after the last \(1 Feb 2026\)/,
      );
      expect(res.text).toContain('name="from" value="2026-02-20" aria-invalid="true"');
      expect(res.text).toContain('name="to" value="2026-02-01" aria-invalid="true"');
    });

    it('should say why beside the form when the dashboard range is too long or starts after today', async () => {
      const long = await page('/dashboard?from=2024-01-01&to=2026-02-01');
      expect(long.status).toBe(400);
      expect(long.text).toContain('That range is 763 days long; the dashboard shows at most 400 days at once.');
      // Only `from`, after today (2 Mar 2026 on the test clock): the range ends today, before it starts.
      const future = await page('/dashboard?from=2027-01-01');
      expect(future.status).toBe(400);
      expect(future.text).toContain('The first day (1 Jan 2027) is after the last (2 Mar 2026)');
      // The service still answers: the refused window once left rejected promises nobody listened to.
      await t.http().get('/health').expect(200);
      expect((await page('/dashboard')).status).toBe(200);
    });

    it('should answer a 400 page naming assessmentId when the dashboard filter is not a UUID', async () => {
      const res = await page('/dashboard?assessmentId=x');
      expect(res.status).toBe(400);
      expect(res.text).toContain('<p>assessmentId: ');
    });

    it('should answer 403 to a reviewer on every recruiter page and the admin page', async () => {
      for (const path of [
        '/assessments',
        '/assessments/new',
        `/assessments/${assessmentId}`,
        `/assessments/${assessmentId}/preview`,
        '/invitations',
        '/dashboard',
        '/admin',
      ]) {
        expect({ path, status: (await page(path, reviewerCookie)).status }).toEqual({ path, status: 403 });
      }
      expect((await page('/admin')).status).toBe(403);
    });
  });

  describe('roles on the new endpoints', () => {
    it('should answer 403 to a reviewer on every new recruiter endpoint and to a recruiter on request errors', async () => {
      const calls = [
        t.http().post('/api/v1/assessments/markdown-preview').set(reviewer.auth).send({ markdown: 'x' }),
        t.http().get(`/api/v1/assessments/${assessmentId}/versions`).set(reviewer.auth),
        t
          .http()
          .post(`/api/v1/assessments/${assessmentId}/invitations/bulk`)
          .set(reviewer.auth)
          .set('content-type', 'text/csv')
          .send('candidateName,candidateEmail\nA,role-1@example.test\n'),
        t.http().post(`/api/v1/invitations/${invitationId}/resend`).set(reviewer.auth),
        t.http().get('/api/v1/invitations?q=a').set(reviewer.auth),
        t.http().get('/api/v1/integrations/request-errors').set(reviewer.auth),
        t.http().get('/api/v1/integrations/request-errors').set(recruiter.auth),
      ];
      expect((await Promise.all(calls)).map((r) => r.status)).toEqual(Array(calls.length).fill(403));
      expect(await invitationsLike('role-')).toBe(0);
    });
  });

  describe('assessment sections and the Markdown preview', () => {
    it('should answer 400 naming sections[n].expectedMinutes or .language when they are out of range or unknown', async () => {
      const withQuestion = (extra: Record<string, unknown>) => {
        const body = assessmentBody();
        const first = body.sections.findIndex((s) => s.kind === 'question');
        body.sections[first] = { ...body.sections[first], ...extra };
        return { body, field: `sections[${first}]` };
      };
      for (const extra of [
        { expectedMinutes: 0 },
        { expectedMinutes: 481 },
        { expectedMinutes: 1.5 },
        { expectedMinutes: '5' },
        { language: 'cobol' },
      ]) {
        const { body, field } = withQuestion(extra);
        const res = await t.http().post('/api/v1/assessments').set(recruiter.auth).send(body);
        const name = Object.keys(extra)[0];
        expect({ extra, fields: [...new Set(fieldsOf(expectProblem(res, 400)))] }).toEqual({
          extra,
          fields: [`${field}.${name}`],
        });
      }
    });

    it('should answer 400 naming markdown when the preview gets a NUL or a lone surrogate', async () => {
      const nul = await t
        .http()
        .post('/api/v1/assessments/markdown-preview')
        .set(recruiter.auth)
        .send({ markdown: 'a\u0000b' });
      expect(expectProblem(nul, 400).errors).toEqual([{ field: 'markdown', message: UNSAFE }]);
      const surrogate = await t
        .http()
        .post('/api/v1/assessments/markdown-preview')
        .set(recruiter.auth)
        .set('content-type', 'application/json')
        .send('{"markdown":"\\udc00"}');
      expect(expectProblem(surrogate, 400).errors).toEqual([{ field: 'markdown', message: UNSAFE }]);
    });
  });
});
