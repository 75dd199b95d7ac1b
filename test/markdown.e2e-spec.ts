import { RenderedMarkdown1764152000000 } from '../src/database/migrations/1764152000000-rendered-markdown.js';
import {
  assessmentBody,
  createAssessment,
  createPublishedAssessment,
  inviteCandidate,
} from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** 48 KB of unclosed emphasis: marked took 31 s for it, on every view of the page. */
const QUADRATIC = '*_a'.repeat(16_000);
/** 2 000 nested block quotes: marked overflowed the stack, a 500 for every invitation of the assessment. */
const TOO_DEEP = `${'>'.repeat(2000)} deep`;

interface FieldError {
  field: string;
  message: string;
}

describe('Markdown in assessments', () => {
  let t: TestApp;
  let recruiter: StaffSession;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    recruiter = await createStaff(t, 'recruiter');
  });
  afterAll(() => t.close());

  const hostileSections = (): Record<string, unknown>[] => {
    const sections = assessmentBody().sections;
    return [
      sections[0],
      { ...sections[1], body: QUADRATIC },
      sections[2],
      { ...sections[3], prompt: TOO_DEEP },
      sections[4],
    ];
  };

  const versionRow = async (
    assessmentId: string,
  ): Promise<{ id: string; rendered: { readings: string[]; prompts: Record<string, string> } }> => {
    const [row] = await t.dataSource.query<
      {
        id: string;
        rendered: { readings: string[]; prompts: Record<string, string> };
      }[]
    >(`SELECT id, rendered FROM assessment_versions WHERE assessment_id = $1 ORDER BY version DESC LIMIT 1`, [
      assessmentId,
    ]);
    return row;
  };

  it('should answer 400 naming each field when a reading or a prompt is Markdown the bound refuses at create', async () => {
    const [{ n: before }] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM assessments`);
    const res = await t
      .http()
      .post('/api/v1/assessments')
      .set(recruiter.auth)
      .send(assessmentBody({ sections: hostileSections() }))
      .expect(400);

    const errors = res.body.errors as FieldError[];
    expect(errors).toEqual([
      { field: 'sections[1].body', message: expect.stringMatching(/^body is too complex to render/) },
      {
        field: 'sections[3].prompt',
        message: expect.stringMatching(/^prompt nests block quotes, lists, emphasis or links more than 16 levels deep/),
      },
    ]);
    const [{ n: after }] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM assessments`);
    expect(after).toBe(before);
  });

  it('should answer 400 naming the field and keep the draft when a PATCH brings Markdown the bound refuses', async () => {
    const draft = await createAssessment(t, recruiter);
    const res = await t
      .http()
      .patch(`/api/v1/assessments/${draft.id}`)
      .set(recruiter.auth)
      .send({ sections: hostileSections() })
      .expect(400);
    expect((res.body.errors as FieldError[]).map((e) => e.field)).toEqual(['sections[1].body', 'sections[3].prompt']);

    const nested = assessmentBody().sections.map((s, i) =>
      i === 0
        ? { ...s, body: Array.from({ length: 17 }, (_, d) => `${'  '.repeat(d)}- level ${d + 1}`).join('\n') }
        : s,
    );
    const deep = await t
      .http()
      .patch(`/api/v1/assessments/${draft.id}`)
      .set(recruiter.auth)
      .send({ sections: nested })
      .expect(400);
    expect(deep.body.errors).toEqual([
      { field: 'sections[0].body', message: expect.stringContaining('more than 16 levels deep') },
    ]);

    const fetched = await t.http().get(`/api/v1/assessments/${draft.id}`).set(recruiter.auth).expect(200);
    expect(fetched.body.sections).toEqual(draft.sections);
  });

  it('should store the HTML in the version at publish and serve that HTML when the candidate page is viewed', async () => {
    const published = await createPublishedAssessment(t, recruiter);
    const version = await versionRow(published.id);
    expect(version.rendered.readings).toEqual([
      '<p>We build ledgers for small shops. <strong>Correctness first.</strong></p>\n',
      '<p>Payments owns settlement: idempotent jobs, careful retries.</p>\n',
    ]);
    expect(version.rendered.prompts).toEqual({
      design: '<p>How would you make a payout job safe to retry?</p>\n',
      code: '<p>Write a function that sums cents without floats.</p>\n',
      choice: '<p>Which isolation level?</p>\n',
    });

    const { token, candidateAuth } = await inviteCandidate(t, recruiter, published.id);
    expect((await t.http().get(`/t/${token}`).expect(200)).text).toContain(version.rendered.readings[0].trim());

    // What the page shows is what the version stores: change the stored HTML and the page follows it.
    await t.dataSource.query(
      `UPDATE assessment_versions SET rendered = jsonb_set(jsonb_set(rendered, '{readings,0}', to_jsonb($2::text)), '{prompts,design}', to_jsonb($3::text)) WHERE id = $1`,
      [version.id, '<p>stored-reading-marker</p>', '<p>stored-prompt-marker</p>'],
    );
    await t.http().post('/api/v1/candidate/attempt/start').set(candidateAuth).expect(200);
    const page = (await t.http().get(`/t/${token}`).expect(200)).text;
    expect(page).toContain('<p>stored-reading-marker</p>');
    expect(page).toContain('<p>stored-prompt-marker</p>');
    expect(page).not.toContain('<strong>Correctness first.</strong>');
    // The API keeps the contract: Markdown, no HTML.
    const attempt = await t.http().get('/api/v1/candidate/attempt').set(candidateAuth).expect(200);
    expect(attempt.body.readings[0]).toEqual({
      kind: 'reading',
      title: 'About us',
      body: 'We build ledgers for small shops. **Correctness first.**',
    });
    expect(JSON.stringify(attempt.body)).not.toContain('stored-reading-marker');
  });

  it('should refuse to publish with 409 naming the field when a draft written before the bound holds Markdown it refuses', async () => {
    const draft = await createAssessment(t, recruiter);
    const sections = [{ kind: 'reading', title: 'Old reading', body: TOO_DEEP }, ...assessmentBody().sections.slice(2)];
    await t.dataSource.query(`UPDATE assessments SET sections = $2 WHERE id = $1`, [
      draft.id,
      JSON.stringify(sections),
    ]);

    const res = await t.http().post(`/api/v1/assessments/${draft.id}/publish`).set(recruiter.auth).expect(409);
    expect(res.body.errors).toEqual([
      { field: 'sections[0].body', message: expect.stringContaining('more than 16 levels deep') },
    ]);
    expect(await t.dataSource.query(`SELECT 1 FROM assessment_versions WHERE assessment_id = $1`, [draft.id])).toEqual(
      [],
    );
  });

  it('should render every existing version and keep what the bound refuses as escaped text when the migration runs', async () => {
    const published = await createPublishedAssessment(t, recruiter);
    const version = await versionRow(published.id);
    // A version published before the bound existed, with a reading it refuses.
    const sections = [
      { kind: 'reading', title: 'Fine', body: 'We *care*.' },
      { kind: 'reading', title: 'Hostile', body: TOO_DEEP },
      { kind: 'question', key: 'design', prompt: 'Why `retry`?', type: 'text', required: true },
    ];
    await t.dataSource.query(`UPDATE assessment_versions SET sections = $2 WHERE id = $1`, [
      version.id,
      JSON.stringify(sections),
    ]);

    const runner = t.dataSource.createQueryRunner();
    try {
      const migration = new RenderedMarkdown1764152000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    const migrated = await versionRow(published.id);
    expect(migrated.rendered).toEqual({
      readings: ['<p>We <em>care</em>.</p>\n', `<p>${'&gt;'.repeat(2000)} deep</p>\n`],
      prompts: { design: '<p>Why <code>retry</code>?</p>\n' },
    });
    const { token } = await inviteCandidate(t, recruiter, published.id);
    const page = (await t.http().get(`/t/${token}`).expect(200)).text;
    expect(page).toContain('<p>We <em>care</em>.</p>');
    expect(page).toContain(`${'&gt;'.repeat(2000)} deep`);
  });
});
