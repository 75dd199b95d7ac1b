import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashCandidateToken } from '../src/invitations/invitation-token.js';
import { createPublishedAssessment, inviteCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Every secret this file hands the service carries this marker, so one search finds any that leaked. */
const MARKER = 'leak-probe';

interface LogLine {
  level: number;
  msg?: string;
  err?: { type?: string; message?: string; code?: string; query?: string; stack?: string; [key: string]: unknown };
  req?: { id?: string; method?: string; url?: string; [key: string]: unknown };
  res?: { statusCode?: number; [key: string]: unknown };
  responseTime?: number;
}

describe('logs', () => {
  let t: TestApp;
  let logFile: string;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let assessmentId: string;

  beforeAll(async () => {
    logFile = join(mkdtempSync(join(tmpdir(), 'candor-log-')), 'service.log');
    t = await createTestApp({ queue: 'postgres', env: { LOG_LEVEL: 'info', LOG_FILE: logFile } });
    admin = await createStaff(t, 'admin');
    recruiter = await createStaff(t, 'recruiter');
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
  });
  afterAll(() => t.close());

  const readLog = (): { text: string; lines: LogLine[] } => {
    const text = readFileSync(logFile, 'utf8');
    const lines = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as LogLine);
    return { text, lines };
  };

  // NOT VALID: only new writes are checked, so each probe fails exactly where the test wants it to.
  const refuse = (table: string, name: string, check: string): Promise<unknown> =>
    t.dataSource.query(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${check}) NOT VALID`);

  it('should log the error type, message and query but no parameter or row value when a database write fails', async () => {
    await refuse('users', 'leak_probe_users', `email NOT LIKE '${MARKER}%'`);
    await refuse('invitations', 'leak_probe_invitations', `candidate_email NOT LIKE '${MARKER}%'`);
    await refuse('answers', 'leak_probe_answers', `value NOT LIKE '%${MARKER} answer%'`);
    await refuse('invitations', 'leak_probe_start', `candidate_name <> 'Started ${MARKER}' OR status <> 'started'`);

    // A staff account: the parameters hold its email and the argon2 hash of its password.
    await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({
        email: `${MARKER}-staff@candor.test`,
        name: `Staff ${MARKER}`,
        role: 'reviewer',
        password: `${MARKER}-password-123`,
      })
      .expect(500);
    // An invitation: the parameters hold the candidate's name, email and token hash.
    await t
      .http()
      .post(`/api/v1/assessments/${assessmentId}/invitations`)
      .set(recruiter.auth)
      .send({ candidateName: `Candidate ${MARKER}`, candidateEmail: `${MARKER}-candidate@example.test` })
      .expect(500);
    // An answer: the parameters hold its text.
    const answering = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(answering.candidateAuth).expect(200);
    await t
      .http()
      .put('/api/v1/candidate/attempt/answers/design')
      .set(answering.candidateAuth)
      .send({ value: `My ${MARKER} answer: retry with an idempotency key.` })
      .expect(500);
    // A start: PostgreSQL's detail ("Failing row contains (...)") holds the whole row, token hash and email included.
    const starting = await inviteCandidate(t, recruiter, assessmentId, {
      candidateName: `Started ${MARKER}`,
      candidateEmail: `started-${MARKER}@example.test`,
    });
    await t.http().post('/api/v1/candidate/attempt/start').set(starting.candidateAuth).expect(500);

    const { text, lines } = readLog();
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain('$argon2');
    expect(text).not.toContain('Failing row');
    for (const secret of [
      starting.token,
      hashCandidateToken(starting.token),
      answering.token,
      hashCandidateToken(answering.token),
    ]) {
      expect(text).not.toContain(secret);
    }

    const failures = lines.filter((l) => l.err?.type === 'QueryFailedError');
    expect(failures.map((l) => l.err!.message)).toEqual(
      expect.arrayContaining([
        'new row for relation "users" violates check constraint "leak_probe_users"',
        'new row for relation "invitations" violates check constraint "leak_probe_invitations"',
        'new row for relation "answers" violates check constraint "leak_probe_answers"',
        'new row for relation "invitations" violates check constraint "leak_probe_start"',
      ]),
    );
    for (const line of failures) {
      expect(line.err).toEqual(
        expect.objectContaining({
          code: '23514',
          query: expect.stringMatching(/^\s*(WITH|INSERT|UPDATE)\b/),
          stack: expect.stringMatching(/^QueryFailedError: /),
        }),
      );
      expect(Object.keys(line.err!).sort()).toEqual(expect.arrayContaining(['message', 'type']));
      expect(line.err).not.toHaveProperty('parameters');
      expect(line.err).not.toHaveProperty('driverError');
      expect(line.err).not.toHaveProperty('detail');
    }
  });

  it('should log method, path without the query, status, duration and request id when a request completes', async () => {
    const { token } = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().get(`/t/${token}?token=${token}&email=${MARKER}@example.test`).expect(200);
    await t
      .http()
      .get(`/api/v1/invitations?assessmentId=${assessmentId}&status=invited`)
      .set(recruiter.auth)
      .expect(200);

    const { text, lines } = readLog();
    expect(text).not.toContain(token);
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain('status=invited');
    const page = lines.find((l) => l.req?.url === '/t/[token]' && l.res);
    expect(page).toEqual(
      expect.objectContaining({
        req: { id: expect.stringMatching(/\S/), method: 'GET', url: '/t/[token]' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    );
    const listed = lines.find((l) => l.req?.url?.startsWith('/api/v1/invitations') && l.res);
    expect(listed?.req).toEqual({ id: expect.any(String), method: 'GET', url: '/api/v1/invitations' });
    // No request line carries headers, a query string or a body.
    for (const line of lines.filter((l) => l.req)) {
      expect(Object.keys(line.req!).sort()).toEqual(['id', 'method', 'url']);
      expect(line.req!.url).not.toContain('?');
    }
  });
});
