import {
  assessmentBody,
  createAssessment,
  createPublishedAssessment,
  inviteCandidate,
} from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('assessments', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let reviewer: StaffSession;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
  });
  afterAll(() => t.close());

  const count = async (table: string): Promise<number> =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('should create a draft, edit it and publish it when a recruiter authors an assessment', async () => {
    const created = await createAssessment(t, recruiter);
    expect(created).toMatchObject({
      status: 'draft',
      version: 0,
      timeLimitMinutes: 60,
      startWindowDays: 7,
      feedbackDueHours: 120,
    });

    const edited = await t
      .http()
      .patch(`/api/v1/assessments/${created.id}`)
      .set(recruiter.auth)
      .send({ title: 'Edited title', timeLimitMinutes: 90 })
      .expect(200);
    expect(edited.body).toMatchObject({ title: 'Edited title', timeLimitMinutes: 90, status: 'draft' });

    const published = await t.http().post(`/api/v1/assessments/${created.id}/publish`).set(recruiter.auth).expect(200);
    expect(published.body).toMatchObject({ status: 'published', version: 1, publishedAt: t.clock.now().toISOString() });

    const fetched = await t.http().get(`/api/v1/assessments/${created.id}`).set(recruiter.auth).expect(200);
    expect(fetched.body.sections).toHaveLength(5);
    expect(fetched.body.sections[4]).toEqual(
      expect.objectContaining({ key: 'choice', options: ['read committed', 'serializable'], required: false }),
    );
    expect(fetched.body.rubric.map((c: { key: string }) => c.key)).toEqual(['correctness', 'clarity']);

    const list = await t.http().get('/api/v1/assessments').set(recruiter.auth).expect(200);
    expect(list.body.map((a: { id: string }) => a.id)).toContain(created.id);

    const events = await t.dataSource.query(`SELECT type FROM events WHERE aggregate_id = $1 ORDER BY id`, [
      created.id,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'assessment.created',
      'assessment.edited',
      'assessment.published',
    ]);
  });

  it('should save a feedback window the working week cannot keep and warn about it when it is 48 hours', async () => {
    const created = await createAssessment(t, recruiter, { feedbackDueHours: 48 });
    expect(created.feedbackDueHours).toBe(48);
    expect(created.warnings).toEqual([
      { field: 'feedbackDueHours', message: expect.stringContaining('72 hours give every submission') as string },
    ]);
    const edited = await t
      .http()
      .patch(`/api/v1/assessments/${created.id}`)
      .set(recruiter.auth)
      .send({ feedbackDueHours: 72 })
      .expect(200);
    expect(edited.body.warnings).toEqual([]);
  });

  it('should answer 409 and keep the content when a published assessment is edited or published again', async () => {
    const published = await createPublishedAssessment(t, recruiter);
    const res = await t
      .http()
      .patch(`/api/v1/assessments/${published.id}`)
      .set(recruiter.auth)
      .send({ title: 'Sneaky change' })
      .expect(409);
    expect(res.body.type).toMatch(/state-conflict$/);
    await t.http().post(`/api/v1/assessments/${published.id}/publish`).set(recruiter.auth).expect(409);
    const fetched = await t.http().get(`/api/v1/assessments/${published.id}`).set(recruiter.auth).expect(200);
    expect(fetched.body.title).toBe('Backend take-home');
  });

  it('should answer 409 when a candidate is invited to an assessment that was never published', async () => {
    const draft = await createAssessment(t, recruiter);
    const before = await count('invitations');
    const res = await t
      .http()
      .post(`/api/v1/assessments/${draft.id}/invitations`)
      .set(recruiter.auth)
      .send({ candidateName: 'Ada', candidateEmail: 'ada@example.test' })
      .expect(409);
    expect(res.body.type).toMatch(/assessment-not-published$/);
    expect(await count('invitations')).toBe(before);
  });

  it('should keep showing an invited candidate the version they were invited to when a later version is published', async () => {
    const published = await createPublishedAssessment(t, recruiter);
    const early = await inviteCandidate(t, recruiter, published.id);

    await t.http().post(`/api/v1/assessments/${published.id}/revise`).set(recruiter.auth).expect(200);
    const newSections = assessmentBody().sections.map((s) =>
      s.kind === 'reading' ? { ...s, body: 'Version two reading.' } : s,
    );
    await t
      .http()
      .patch(`/api/v1/assessments/${published.id}`)
      .set(recruiter.auth)
      .send({ title: 'Version two', timeLimitMinutes: 30, sections: newSections })
      .expect(200);
    const v2 = await t.http().post(`/api/v1/assessments/${published.id}/publish`).set(recruiter.auth).expect(200);
    expect(v2.body.version).toBe(2);
    const late = await inviteCandidate(t, recruiter, published.id);

    const earlyView = await t.http().get('/api/v1/candidate/attempt').set(early.candidateAuth).expect(200);
    expect(earlyView.body.assessment).toMatchObject({ title: 'Backend take-home', timeLimitMinutes: 60 });
    expect(earlyView.body.readings[0].body).toContain('ledgers');
    const lateView = await t.http().get('/api/v1/candidate/attempt').set(late.candidateAuth).expect(200);
    expect(lateView.body.assessment).toMatchObject({ title: 'Version two', timeLimitMinutes: 30 });
    expect(lateView.body.readings[0].body).toBe('Version two reading.');
  });

  it('should answer 400 naming each field and store nothing when the assessment body is invalid', async () => {
    const before = await count('assessments');
    const sections = assessmentBody().sections;
    const bad = assessmentBody({
      timeLimitMinutes: 481,
      sections: [
        sections[0],
        { kind: 'question', key: 'pick', prompt: 'Pick one', type: 'choice' },
        { kind: 'question', key: 'design', prompt: 'x', type: 'essay' },
      ],
      rubric: [{ key: 'a', title: 'A', maxScore: 11 }],
    });
    const res = await t.http().post('/api/v1/assessments').set(recruiter.auth).send(bad).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['timeLimitMinutes', 'sections[1].options', 'sections[2].type', 'rubric[0].maxScore']),
    );

    const dupKeys = assessmentBody({
      sections: [...sections, { kind: 'question', key: 'design', prompt: 'again', type: 'text' }],
    });
    const dup = await t.http().post('/api/v1/assessments').set(recruiter.auth).send(dupKeys).expect(400);
    expect(dup.body.errors).toEqual([
      expect.objectContaining({ field: 'sections', message: 'question keys must be unique' }),
    ]);

    const unknown = await t
      .http()
      .post('/api/v1/assessments')
      .set(recruiter.auth)
      .send({ ...assessmentBody(), isAdmin: true })
      .expect(400);
    expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]));
    expect(await count('assessments')).toBe(before);
  });

  it('should answer 400 for a malformed id and 404 for an unknown one', async () => {
    const res = await t.http().get('/api/v1/assessments/not-a-uuid').set(recruiter.auth).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    await t.http().get('/api/v1/assessments/00000000-0000-4000-8000-000000000000').set(recruiter.auth).expect(404);
  });

  it('should answer 403 when a reviewer tries to author or list assessments', async () => {
    await t.http().post('/api/v1/assessments').set(reviewer.auth).send(assessmentBody()).expect(403);
    await t.http().get('/api/v1/assessments').set(reviewer.auth).expect(403);
  });

  it('should render Markdown as the candidate page does when a recruiter asks for a preview, and store nothing', async () => {
    const before = await count('assessments');
    const res = await t
      .http()
      .post('/api/v1/assessments/markdown-preview')
      .set(recruiter.auth)
      .send({ markdown: '# Heading\n\nWe **ship** `code`. <script>alert(1)</script>[x](javascript:alert(1))' })
      .expect(200);
    expect(res.body.html).toContain('<h3>Heading</h3>');
    expect(res.body.html).toContain('<strong>ship</strong>');
    expect(res.body.html).not.toMatch(/<script|javascript:/);
    expect(await count('assessments')).toBe(before);
  });

  it('should answer 400 naming markdown when the preview input is too long, too deep or not text', async () => {
    const tooLong = await t
      .http()
      .post('/api/v1/assessments/markdown-preview')
      .set(recruiter.auth)
      .send({ markdown: 'a'.repeat(50_001) })
      .expect(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'markdown' })]);
    const tooDeep = await t
      .http()
      .post('/api/v1/assessments/markdown-preview')
      .set(recruiter.auth)
      .send({ markdown: '>'.repeat(100) + ' deep' })
      .expect(400);
    expect(tooDeep.body.errors).toEqual([
      expect.objectContaining({ field: 'markdown', message: expect.stringContaining('nests') }),
    ]);
    const notText = await t
      .http()
      .post('/api/v1/assessments/markdown-preview')
      .set(recruiter.auth)
      .send({ markdown: 42 })
      .expect(400);
    expect(notText.body.errors).toEqual(
      expect.arrayContaining([{ field: 'markdown', message: 'markdown must be a string' }]),
    );
    await t.http().post('/api/v1/assessments/markdown-preview').set(reviewer.auth).send({ markdown: 'x' }).expect(403);
  });

  it('should list each published version newest first when an assessment is published, revised and published again', async () => {
    const created = await createAssessment(t, recruiter);
    const none = await t.http().get(`/api/v1/assessments/${created.id}/versions`).set(recruiter.auth).expect(200);
    expect(none.body).toEqual([]);
    await t.http().post(`/api/v1/assessments/${created.id}/publish`).set(recruiter.auth).expect(200);
    await t.http().post(`/api/v1/assessments/${created.id}/revise`).set(recruiter.auth).expect(200);
    await t
      .http()
      .patch(`/api/v1/assessments/${created.id}`)
      .set(recruiter.auth)
      .send({ title: 'Second take', timeLimitMinutes: 45 })
      .expect(200);
    await t.http().post(`/api/v1/assessments/${created.id}/publish`).set(recruiter.auth).expect(200);
    const res = await t.http().get(`/api/v1/assessments/${created.id}/versions`).set(recruiter.auth).expect(200);
    expect(res.body).toEqual([
      { version: 2, publishedAt: t.clock.now().toISOString(), title: 'Second take', timeLimitMinutes: 45 },
      { version: 1, publishedAt: t.clock.now().toISOString(), title: 'Backend take-home', timeLimitMinutes: 60 },
    ]);
    await t
      .http()
      .get('/api/v1/assessments/00000000-0000-4000-8000-000000000000/versions')
      .set(recruiter.auth)
      .expect(404);
    await t.http().get(`/api/v1/assessments/${created.id}/versions`).set(reviewer.auth).expect(403);
  });

  it('should keep expected minutes and a code language when a question names them', async () => {
    const created = await createAssessment(t, recruiter, {
      sections: [
        { kind: 'question', key: 'design', prompt: 'Design it.', type: 'text', expectedMinutes: 20 },
        { kind: 'question', key: 'impl', prompt: 'Write it.', type: 'code', language: 'python', expectedMinutes: 30 },
        // A language on a question that is not code is ignored, as other types' fields are.
        { kind: 'question', key: 'pick', prompt: 'Pick.', type: 'choice', options: ['a', 'b'], language: 'go' },
      ],
    });
    expect(created.sections).toEqual([
      { kind: 'question', key: 'design', prompt: 'Design it.', type: 'text', required: true, expectedMinutes: 20 },
      {
        kind: 'question',
        key: 'impl',
        prompt: 'Write it.',
        type: 'code',
        required: true,
        language: 'python',
        expectedMinutes: 30,
      },
      { kind: 'question', key: 'pick', prompt: 'Pick.', type: 'choice', options: ['a', 'b'], required: true },
    ]);
  });

  it('should answer 400 naming the field when expected minutes, a language or a prompt is invalid', async () => {
    const before = await count('assessments');
    const res = await t
      .http()
      .post('/api/v1/assessments')
      .set(recruiter.auth)
      .send(
        assessmentBody({
          sections: [
            { kind: 'reading', title: 'About us', body: 'Hello.' },
            { kind: 'question', key: 'a', prompt: 'A?', type: 'text', expectedMinutes: 0 },
            { kind: 'question', key: 'b', prompt: 'B?', type: 'code', language: 'cobol', expectedMinutes: 2.5 },
            { kind: 'question', key: 'c', prompt: '  ', type: 'text', expectedMinutes: 481 },
          ],
        }),
      )
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'sections[1].expectedMinutes',
        'sections[2].language',
        'sections[2].expectedMinutes',
        'sections[3].prompt',
        'sections[3].expectedMinutes',
      ]),
    );
    expect(await count('assessments')).toBe(before);
  });
});
