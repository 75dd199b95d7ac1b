import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublishedAssessment, createAssessment } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

describe('ATS integrations', () => {
  let t: TestApp;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let greenhouseKey: { id: string; key: string };
  let ashbyKey: { id: string; key: string };
  let testId: string;
  // Warnings go to a file, so a test can check what the log never holds (a candidate's email).
  const logFile = join(mkdtempSync(join(tmpdir(), 'candor-integrations-log-')), 'service.log');

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOG_LEVEL: 'warn', LOG_FILE: logFile } });
    admin = await createStaff(t, 'admin');
    recruiter = await createStaff(t, 'recruiter');
    testId = (await createPublishedAssessment(t, recruiter, { title: 'Payments backend' })).id;
    await createAssessment(t, recruiter, { title: 'Still a draft' });
    const gh = await t
      .http()
      .post('/api/v1/integrations/keys')
      .set(admin.auth)
      .send({ name: 'Greenhouse', provider: 'greenhouse' })
      .expect(201);
    greenhouseKey = gh.body;
    ashbyKey = (
      await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(admin.auth)
        .send({ name: 'Ashby', provider: 'ashby' })
        .expect(201)
    ).body;
  });
  afterAll(() => t.close());

  describe('keys', () => {
    it('should show the key once and store only its hash when an admin creates one', async () => {
      expect(greenhouseKey).toEqual({
        id: expect.any(String),
        name: 'Greenhouse',
        provider: 'greenhouse',
        key: expect.stringMatching(/^cnd_[\w-]{32}$/),
      });
      const rows = await t.dataSource.query('SELECT key_hash FROM integration_keys WHERE id = $1', [greenhouseKey.id]);
      expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].key_hash).not.toContain(greenhouseKey.key);
    });

    it('should refuse key management when the caller is not an admin', async () => {
      await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(recruiter.auth)
        .send({ name: 'x', provider: 'ashby' })
        .expect(403);
      await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(admin.auth)
        .send({ name: 'x', provider: 'lever' })
        .expect(400);
    });

    it('should list every key with its dates and never the key when an admin asks', async () => {
      await t.http().get('/integrations/greenhouse/list_tests').set(basic(greenhouseKey.key)).expect(200);
      const res = await t.http().get('/api/v1/integrations/keys').set(admin.auth).expect(200);
      const listed = (res.body as Record<string, unknown>[]).find((k) => k.id === greenhouseKey.id);
      expect(listed).toEqual({
        id: greenhouseKey.id,
        name: 'Greenhouse',
        provider: 'greenhouse',
        createdAt: expect.any(String),
        lastUsedAt: t.clock.now().toISOString(),
        revokedAt: null,
      });
      expect(res.body.map((k: { id: string }) => k.id)).toEqual(
        expect.arrayContaining([greenhouseKey.id, ashbyKey.id]),
      );
      expect(JSON.stringify(res.body)).not.toContain(greenhouseKey.key);
      expect(JSON.stringify(res.body)).not.toMatch(/[0-9a-f]{64}/);
      await t.http().get('/api/v1/integrations/keys').set(recruiter.auth).expect(403);
    });

    it('should stop a key at once when it is deleted', async () => {
      const { body } = await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(admin.auth)
        .send({ name: 'Temp', provider: 'greenhouse' })
        .expect(201);
      await t.http().get('/integrations/greenhouse/list_tests').set(basic(body.key)).expect(200);
      await t.http().delete(`/api/v1/integrations/keys/${body.id}`).set(admin.auth).expect(204);
      await t.http().get('/integrations/greenhouse/list_tests').set(basic(body.key)).expect(401);
      await t.http().delete(`/api/v1/integrations/keys/${body.id}`).set(admin.auth).expect(404);
    });
  });

  describe('Greenhouse', () => {
    it('should answer 401 when the key is wrong, missing, or belongs to another provider', async () => {
      const wrong = await t.http().get('/integrations/greenhouse/list_tests').set(basic('cnd_wrong')).expect(401);
      expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
      await t.http().get('/integrations/greenhouse/list_tests').expect(401);
      await t.http().get('/integrations/greenhouse/list_tests').set(basic(ashbyKey.key)).expect(401);
    });

    it('should list only published assessments when Greenhouse asks for tests', async () => {
      const res = await t.http().get('/integrations/greenhouse/list_tests').set(basic(greenhouseKey.key)).expect(200);
      expect(res.body).toEqual([
        { partner_test_id: testId, partner_test_name: expect.stringContaining('Payments backend') },
      ]);
    });

    it('should invite the candidate and report status with every field present when a test is sent', async () => {
      const sent = await t
        .http()
        .post('/integrations/greenhouse/send_test')
        .set(basic(greenhouseKey.key))
        .send({
          partner_test_id: testId,
          candidate: {
            first_name: 'Ada',
            last_name: 'Lovelace',
            email: 'ada@example.test',
            greenhouse_profile_url: 'https://app.greenhouse.io/people/1',
          },
          url: 'https://app.greenhouse.io/hooks/assessment/1',
        })
        .expect(200);
      const interviewId = sent.body.partner_interview_id as string;
      const invitation = await t.http().get(`/api/v1/invitations/${interviewId}`).set(recruiter.auth).expect(200);
      expect(invitation.body).toMatchObject({
        candidateName: 'Ada Lovelace',
        candidateEmail: 'ada@example.test',
        status: 'invited',
      });
      const mail = await t.dataSource.query(`SELECT to_address FROM outbox_messages WHERE dedupe_key = $1`, [
        `invitation:${interviewId}`,
      ]);
      expect(mail).toEqual([{ to_address: 'ada@example.test' }]);

      const status = await t
        .http()
        .get('/integrations/greenhouse/test_status')
        .query({ partner_interview_id: interviewId })
        .set(basic(greenhouseKey.key))
        .expect(200);
      expect(status.body).toEqual({
        partner_status: 'sent',
        partner_profile_url: `http://candor.test/invitations?id=${interviewId}`,
        partner_score: null,
        metadata: {
          candor_status: 'invited',
          started_at: null,
          submitted_at: null,
          submitted_by: null,
          feedback_due_at: null,
          feedback_sent_at: null,
          decision: null,
        },
      });
    });

    it('should answer 404 when the interview is unknown and 400 naming the field when it is malformed', async () => {
      await t
        .http()
        .get('/integrations/greenhouse/test_status')
        .query({ partner_interview_id: '00000000-0000-4000-8000-000000000000' })
        .set(basic(greenhouseKey.key))
        .expect(404);
      const bad = await t
        .http()
        .get('/integrations/greenhouse/test_status')
        .query({ partner_interview_id: 'nope' })
        .set(basic(greenhouseKey.key))
        .expect(400);
      expect(bad.body.errors[0].field).toBe('partner_interview_id');
      const badBody = await t
        .http()
        .post('/integrations/greenhouse/send_test')
        .set(basic(greenhouseKey.key))
        .send({ partner_test_id: testId, url: 'x' })
        .expect(400);
      expect(badBody.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['candidate', 'url']),
      );
    });

    it('should answer 400 naming url and invite nobody when the callback url is on a private, loopback or link-local address', async () => {
      const before = Number((await t.dataSource.query('SELECT count(*) AS n FROM invitations'))[0].n);
      for (const url of [
        'http://169.254.169.254/latest/meta-data/',
        'http://127.0.0.1:3000/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://[::1]/hook',
        'https://10.0.0.8/hook',
        'http://localhost/hook',
        'http://metadata.google.internal/x',
      ]) {
        const res = await t
          .http()
          .post('/integrations/greenhouse/send_test')
          .set(basic(greenhouseKey.key))
          .send({
            partner_test_id: testId,
            candidate: {
              first_name: 'Eve',
              last_name: 'Probe',
              email: 'eve@example.test',
              greenhouse_profile_url: 'https://app.greenhouse.io/people/9',
            },
            url,
          });
        expect([url, res.status, res.body.errors]).toEqual([
          url,
          400,
          [{ field: 'url', message: expect.stringMatching(/public addresses/) }],
        ]);
      }
      expect(Number((await t.dataSource.query('SELECT count(*) AS n FROM invitations'))[0].n)).toBe(before);
    });

    it('should answer 400 naming the field and store nothing when a webhook or Ashby API url is on a private address', async () => {
      for (const url of [
        'http://127.0.0.1:9/hook',
        'http://169.254.169.254/latest',
        'http://[::1]/x',
        'http://localhost/x',
      ]) {
        const hook = await t
          .http()
          .post('/api/v1/webhooks')
          .set(admin.auth)
          .send({ url, events: ['feedback.sent'] });
        expect([url, hook.status, hook.body.errors]).toEqual([
          url,
          400,
          [{ field: 'url', message: expect.stringMatching(/public addresses/) }],
        ]);
        const key = await t
          .http()
          .post('/api/v1/integrations/keys')
          .set(admin.auth)
          .send({ name: 'Ashby', provider: 'ashby', ashbyApiKey: 'ashby-api-key', ashbyApiUrl: url });
        expect([url, key.status, key.body.errors]).toEqual([
          url,
          400,
          [{ field: 'ashbyApiUrl', message: expect.stringMatching(/public addresses/) }],
        ]);
      }
      expect(await t.dataSource.query('SELECT id FROM webhooks')).toEqual([]);
    });

    it('should acknowledge error reports when Greenhouse sends one', async () => {
      const res = await t
        .http()
        .post('/integrations/greenhouse/request_errors')
        .set(basic(greenhouseKey.key))
        .send({ partner_interview_id: 'x', error: 'boom' })
        .expect(200);
      expect(res.body).toEqual({ status: 200 });
    });

    it("should acknowledge Greenhouse's own error body when its ids are integers", async () => {
      const res = await t
        .http()
        .post('/integrations/greenhouse/request_errors')
        .set(basic(greenhouseKey.key))
        .send({
          api_call: 'test_status',
          errors: ['Response was not valid JSON', 'partner_status missing'],
          partner_test_id: 12,
          partner_test_name: 'Backend take-home',
          partner_interview_id: 4567,
          candidate_email: 'ada@example.test',
        })
        .expect(200);
      expect(res.body).toEqual({ status: 200 });
    });

    it("should keep Greenhouse's documented error report and show it to admins, newest first, when Greenhouse sends one", async () => {
      // A minute after the earlier reports: the newest comes first.
      t.clock.advanceMinutes(1);
      // The example body of Greenhouse's assessment partner documentation ("Response Error").
      await t
        .http()
        .post('/integrations/greenhouse/request_errors')
        .set(basic(greenhouseKey.key))
        .send({
          api_call: 'test_status',
          errors: ["partner_status is 'complete' but partner_profile url is missing"],
          partner_test_id: 12345,
          partner_test_name: 'Personality Test',
          partner_interview_id: 299506,
          candidate_email: 'hpotter@hogwarts.edu',
        })
        .expect(200)
        .expect({ status: 200 });
      const res = await t.http().get('/api/v1/integrations/request-errors').set(admin.auth).expect(200);
      expect(res.body[0]).toEqual({
        id: expect.any(String),
        provider: 'greenhouse',
        keyId: greenhouseKey.id,
        receivedAt: t.clock.now().toISOString(),
        apiCall: 'test_status',
        errors: ["partner_status is 'complete' but partner_profile url is missing"],
        partnerTestId: '12345',
        partnerInterviewId: '299506',
        candidateEmail: 'hpotter@hogwarts.edu',
      });
      // The earlier reports too, ids given as integers kept as strings, the older shape's words as its errors.
      expect(res.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ apiCall: 'test_status', partnerTestId: '12', partnerInterviewId: '4567' }),
          expect.objectContaining({ apiCall: null, errors: ['boom'], partnerInterviewId: 'x', candidateEmail: null }),
        ]),
      );
      // Only what the report needs is kept: not the test's name.
      const [row] = await t.dataSource.query('SELECT * FROM integration_request_errors WHERE id = $1', [
        res.body[0].id,
      ]);
      expect(Object.values(row)).not.toContain('Personality Test');
      // The email is personal data: stored for admins, never written to the log.
      const log = readFileSync(logFile, 'utf8');
      expect(log).toContain('greenhouse reported a request error');
      expect(log).not.toContain('hpotter@hogwarts.edu');
      expect(log).not.toContain('ada@example.test');
    });

    it('should refuse the error reports with 403 when the caller is not an admin, and 401 without a session', async () => {
      await t.http().get('/api/v1/integrations/request-errors').set(recruiter.auth).expect(403);
      await t.http().get('/api/v1/integrations/request-errors').expect(401);
      await t.http().get('/api/v1/integrations/request-errors').set(basic(greenhouseKey.key)).expect(401);
    });

    it('should refuse an error report naming the field when an id is neither a string nor an integer', async () => {
      const res = await t
        .http()
        .post('/integrations/greenhouse/request_errors')
        .set(basic(greenhouseKey.key))
        .send({ api_call: 'test_status', errors: [], partner_interview_id: 1.5 })
        .expect(400);
      expect(res.body.errors).toEqual([
        {
          field: 'partner_interview_id',
          message: expect.stringContaining('a string (at most 200 characters) or an integer'),
        },
      ]);
    });
  });

  describe('Ashby', () => {
    const start = (applicationId: string) => ({
      assessment_type_id: testId,
      candidate: {
        ashby_id: 'c1',
        first_name: 'Grace',
        last_name: 'Hopper',
        email: 'grace@example.test',
        ashby_profile_url: 'https://app.ashbyhq.com/candidates/c1',
      },
      application: { ashby_id: applicationId, status: 'Active' },
      job: { ashby_id: 'j1', name: 'Backend Engineer', ashby_job_url: 'https://app.ashbyhq.com/jobs/j1' },
    });

    it("should list published assessments in Ashby's shape when Ashby asks", async () => {
      const res = await t
        .http()
        .post('/integrations/ashby/assessment.list')
        .set(basic(ashbyKey.key))
        .send({})
        .expect(200);
      expect(res.body).toEqual({
        success: true,
        results: [{ assessment_type_id: testId, name: 'Payments backend', description: expect.any(String) }],
      });
    });

    it('should start once per application, 409 on a repeat, and cancel by withdrawing', async () => {
      const started = await t
        .http()
        .post('/integrations/ashby/assessment.start')
        .set(basic(ashbyKey.key))
        .send(start('app-1'))
        .expect(200);
      const assessmentId = started.body.results.assessment_id as string;
      expect(started.body).toEqual({ success: true, results: { assessment_id: assessmentId } });
      await t
        .http()
        .post('/integrations/ashby/assessment.start')
        .set(basic(ashbyKey.key))
        .send(start('app-1'))
        .expect(409);

      await t
        .http()
        .post('/integrations/ashby/assessment.cancel')
        .set(basic(ashbyKey.key))
        .send({ assessment_id: assessmentId })
        .expect(200);
      const invitation = await t.http().get(`/api/v1/invitations/${assessmentId}`).set(recruiter.auth).expect(200);
      expect(invitation.body.status).toBe('withdrawn');
      const events = await t.dataSource.query(
        `SELECT actor_type FROM events WHERE invitation_id = $1 AND type = 'invitation.withdrawn'`,
        [assessmentId],
      );
      expect(events).toEqual([{ actor_type: 'integration' }]);
      // Withdrawn frees the application for a new start.
      await t
        .http()
        .post('/integrations/ashby/assessment.start')
        .set(basic(ashbyKey.key))
        .send(start('app-1'))
        .expect(200);
    });

    it('should start exactly one assessment when Ashby sends the same start five times at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.http().post('/integrations/ashby/assessment.start').set(basic(ashbyKey.key)).send(start('app-race')),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      const rows = await t.dataSource.query(
        `SELECT count(*)::int AS links, (SELECT count(*)::int FROM invitations WHERE external_ref = 'app-race') AS invitations
         FROM integration_links WHERE external_id = 'app-race'`,
      );
      expect(rows).toEqual([{ links: 1, invitations: 1 }]);
    });

    it('should answer 422 when the assessment type is unknown, and 404 when cancelling what Ashby did not start', async () => {
      await t
        .http()
        .post('/integrations/ashby/assessment.start')
        .set(basic(ashbyKey.key))
        .send({ ...start('app-2'), assessment_type_id: '00000000-0000-4000-8000-000000000000' })
        .expect(422);
      const gh = await t
        .http()
        .post('/integrations/greenhouse/send_test')
        .set(basic(greenhouseKey.key))
        .send({
          partner_test_id: testId,
          candidate: {
            first_name: 'A',
            last_name: 'B',
            email: 'ab@example.test',
            greenhouse_profile_url: 'https://gh/p/2',
          },
          url: 'https://gh/hook',
        })
        .expect(200);
      await t
        .http()
        .post('/integrations/ashby/assessment.cancel')
        .set(basic(ashbyKey.key))
        .send({ assessment_id: gh.body.partner_interview_id })
        .expect(404);
    });
  });
});

describe('ATS callbacks to private addresses allowed (OUTBOUND_ALLOW_PRIVATE=true)', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('should accept a private callback url when the deployment allows private outbound addresses', async () => {
    t = await createTestApp({ queue: 'postgres', env: { OUTBOUND_ALLOW_PRIVATE: 'true' } });
    const admin = await createStaff(t, 'admin');
    const testId = (await createPublishedAssessment(t, admin, { title: 'Internal ATS' })).id;
    const { key } = (
      await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(admin.auth)
        .send({ name: 'On-prem Greenhouse', provider: 'greenhouse' })
        .expect(201)
    ).body as { key: string };
    await t
      .http()
      .post('/integrations/greenhouse/send_test')
      .set(basic(key))
      .send({
        partner_test_id: testId,
        candidate: {
          first_name: 'In',
          last_name: 'House',
          email: 'in.house@example.test',
          greenhouse_profile_url: 'https://ats.internal/people/1',
        },
        url: 'http://10.0.0.8/hooks/1',
      })
      .expect(200);
  });
});
