import { createPublishedAssessment, type InvitedCandidate } from './factories/assessment.factory.js';
import { goodFeedback, QUOTED_PASSAGE } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { HttpReceiver } from './support/http-receiver.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { DeliveriesService } from '../src/deliveries/deliveries.service.js';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature.js';

const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  event: string;
}

describe('outbound deliveries: Greenhouse and Ashby callbacks, webhooks', () => {
  let t: TestApp;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let testId: string;
  const receiver = new HttpReceiver();

  beforeAll(async () => {
    await receiver.start();
    // The receiver listens on 127.0.0.1: private addresses must be allowed here (integrations.e2e checks the refusal).
    t = await createTestApp({ env: { OUTBOUND_ALLOW_PRIVATE: 'true' } });
    admin = await createStaff(t, 'admin');
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    testId = (await createPublishedAssessment(t, recruiter, { title: 'Payments backend' })).id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const deliveriesOf = (invitationId: string): Promise<DeliveryRow[]> =>
    t.dataSource.query(`SELECT id, status, attempts, event FROM deliveries WHERE invitation_id = $1 ORDER BY seq`, [
      invitationId,
    ]);

  async function waitForDelivery(invitationId: string, check: (d: DeliveryRow[]) => boolean): Promise<DeliveryRow[]> {
    const until = Date.now() + 15_000;
    for (;;) {
      const rows = await deliveriesOf(invitationId);
      if (check(rows)) return rows;
      if (Date.now() > until) throw new Error(`deliveries of ${invitationId} never matched: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** A fresh link for an invitation an ATS made (its email holds the first one). */
  async function candidateOf(invitationId: string): Promise<InvitedCandidate['candidateAuth']> {
    const res = await t.http().post(`/api/v1/invitations/${invitationId}/resend`).set(recruiter.auth).expect(200);
    return { Authorization: `Bearer ${res.body.token as string}` };
  }

  async function startAndSubmit(auth: InvitedCandidate['candidateAuth']): Promise<void> {
    const started = await t.http().post('/api/v1/candidate/attempt/start').set(auth).expect(200);
    for (const q of started.body.questions as { key: string; type: string; options?: string[] }[]) {
      const value = q.type === 'choice' ? q.options![0] : `${QUOTED_PASSAGE}: my answer to ${q.key}.`;
      await t.http().put(`/api/v1/candidate/attempt/answers/${q.key}`).set(auth).send({ value }).expect(200);
    }
    await t.http().post('/api/v1/candidate/attempt/submit').set(auth).expect(200);
  }

  async function reviewWithFeedback(invitationId: string, tag: string): Promise<void> {
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    expect(claim.body.submissionId).toBe(invitationId);
    await t
      .http()
      .post(`/api/v1/reviews/${claim.body.id}/complete`)
      .set(reviewer.auth)
      .send(goodFeedback(tag))
      .expect(200);
  }

  async function greenhouseTest(key: string, callbackPath: string, tag: string): Promise<string> {
    const sent = await t
      .http()
      .post('/integrations/greenhouse/send_test')
      .set(basic(key))
      .send({
        partner_test_id: testId,
        candidate: {
          first_name: 'Grace',
          last_name: `Hopper ${tag}`,
          email: `grace.${tag}@example.test`,
          greenhouse_profile_url: `https://app.greenhouse.io/people/${tag}`,
        },
        url: receiver.url(callbackPath),
      })
      .expect(200);
    return sent.body.partner_interview_id as string;
  }

  describe('Greenhouse', () => {
    let key: string;

    beforeAll(async () => {
      key = (
        await t
          .http()
          .post('/api/v1/integrations/keys')
          .set(admin.auth)
          .send({ name: 'Greenhouse', provider: 'greenhouse' })
          .expect(201)
      ).body.key;
    });

    it('should PATCH the callback url once, with the key and no body, and then report complete when feedback is sent', async () => {
      const interviewId = await greenhouseTest(key, '/greenhouse/done/1', 'one');
      await startAndSubmit(await candidateOf(interviewId));
      // Started and submitted are not the end of the test for Greenhouse: nothing is sent yet.
      expect(receiver.callsTo('/greenhouse/done/1')).toEqual([]);
      await reviewWithFeedback(interviewId, 'greenhouse-one');

      const [patch] = await receiver.waitForCalls('/greenhouse/done/1', 1);
      expect(patch.method).toBe('PATCH');
      expect(patch.body).toBe('');
      expect(patch.headers.authorization).toBe(basic(key).Authorization);
      await waitForDelivery(interviewId, (d) => d.length === 1 && d[0].status === 'delivered');
      // A sweep (and any retried job) finds nothing left to send.
      await t.jobs.runSweeps();
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.callsTo('/greenhouse/done/1')).toHaveLength(1);

      const status = await t
        .http()
        .get('/integrations/greenhouse/test_status')
        .query({ partner_interview_id: interviewId })
        .set(basic(key))
        .expect(200);
      expect(status.body).toMatchObject({
        partner_status: 'complete',
        partner_profile_url: `http://candor.test/invitations?id=${interviewId}`,
        partner_score: expect.any(Number),
        metadata: {
          candor_status: 'feedback_sent',
          started_at: expect.any(String),
          submitted_at: expect.any(String),
          submitted_by: 'candidate',
          feedback_sent_at: expect.any(String),
          decision: 'advance',
        },
      });
    });

    it('should record one delivered delivery with 3 attempts when the receiver fails twice and then succeeds', async () => {
      receiver.answer('/greenhouse/done/2', 500, 503);
      const interviewId = await greenhouseTest(key, '/greenhouse/done/2', 'two');
      await t.http().post(`/api/v1/invitations/${interviewId}/withdraw`).set(recruiter.auth).expect(200);

      await waitForDelivery(interviewId, (d) => d[0]?.attempts === 1);
      // The retry is due 10 s later by Candor's clock: move it on and let the sweep find it.
      t.clock.advanceMinutes(1);
      await t.jobs.runSweeps();
      await waitForDelivery(interviewId, (d) => d[0]?.attempts === 2);
      t.clock.advanceMinutes(1);
      await t.jobs.runSweeps();
      const [delivery] = await waitForDelivery(interviewId, (d) => d[0]?.status === 'delivered');

      expect(await deliveriesOf(interviewId)).toHaveLength(1);
      expect(receiver.callsTo('/greenhouse/done/2')).toHaveLength(3);
      const detail = await t.http().get(`/api/v1/deliveries/${delivery.id}`).set(admin.auth).expect(200);
      expect(detail.body).toMatchObject({
        target: 'greenhouse',
        event: 'invitation.withdrawn',
        status: 'delivered',
        attempts: 3,
        lastStatusCode: 200,
        lastError: null,
        method: 'PATCH',
        host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      });
      expect(detail.body.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 503, 200]);
      expect(detail.body.attemptLog.every((a: { durationMs: number }) => a.durationMs >= 0)).toBe(true);
      const list = await t.http().get('/api/v1/deliveries?target=greenhouse').set(admin.auth).expect(200);
      expect(list.body.map((d: { id: string }) => d.id)).toContain(delivery.id);
      await t.http().get(`/api/v1/deliveries/${delivery.id}`).set(recruiter.auth).expect(403);
    });
  });

  describe('Ashby', () => {
    it("should push assessment.update at start, submission and feedback, with the score as Ashby's typed result", async () => {
      const created = await t
        .http()
        .post('/api/v1/integrations/keys')
        .set(admin.auth)
        .send({
          name: 'Ashby',
          provider: 'ashby',
          ashbyApiKey: 'ashby-api-key-123',
          ashbyApiUrl: receiver.url('/ashby'),
        })
        .expect(201);
      expect(JSON.stringify(created.body)).not.toContain('ashby-api-key-123');
      const stored = await t.dataSource.query(`SELECT ashby_api_key FROM integration_keys WHERE id = $1`, [
        created.body.id,
      ]);
      expect(stored[0].ashby_api_key).not.toContain('ashby-api-key-123');

      const started = await t
        .http()
        .post('/integrations/ashby/assessment.start')
        .set(basic(created.body.key))
        .send({
          assessment_type_id: testId,
          candidate: {
            ashby_id: 'c-1',
            first_name: 'Alan',
            last_name: 'Turing',
            email: 'alan@example.test',
            ashby_profile_url: 'https://app.ashbyhq.com/candidates/c-1',
          },
          application: { ashby_id: 'app-1', status: 'Active' },
          job: { ashby_id: 'j-1', name: 'Backend', ashby_job_url: 'https://app.ashbyhq.com/jobs/j-1' },
        })
        .expect(200);
      const assessmentId = started.body.results.assessment_id as string;
      await startAndSubmit(await candidateOf(assessmentId));
      await reviewWithFeedback(assessmentId, 'ashby-one');

      const calls = await receiver.waitForCalls('/ashby/assessment.update', 3);
      const bodies = calls.map((c) => JSON.parse(c.body) as Record<string, unknown>);
      expect(
        calls.every((c) => c.method === 'POST' && c.headers.authorization === basic('ashby-api-key-123').Authorization),
      ).toBe(true);
      expect(bodies.map((b) => (b.assessment_status as { value: string }).value)).toEqual([
        'Started',
        'Submitted',
        'Completed',
      ]);
      expect(bodies[2]).toMatchObject({
        assessment_id: assessmentId,
        update_request_timestamp: expect.any(Number),
        assessment_profile_url: `http://candor.test/invitations?id=${assessmentId}`,
        assessment_status: { identifier: 'status', type: 'string', value: 'Completed' },
        assessment_result: { identifier: 'score', type: 'numeric_score', value: expect.any(Number) },
        metadata: expect.arrayContaining([
          { identifier: 'candor_submission', label: 'Submission in Candor', type: 'url', value: expect.any(String) },
          { identifier: 'decision', label: "Reviewer's decision", type: 'string', value: 'advance' },
        ]),
      });
      expect(bodies[0].assessment_result).toBeUndefined();
      // Nothing personal goes to Ashby that Ashby did not give: no name or email of the candidate.
      expect(calls.map((c) => c.body).join('')).not.toMatch(/Turing|alan@example/);
    });
  });

  describe('webhooks', () => {
    it('should call the receiver once when two workers run the same delivery at once, and not again when it is retried', async () => {
      const hook = await t
        .http()
        .post('/api/v1/webhooks')
        .set(admin.auth)
        .send({ url: receiver.url('/hooks/twice'), events: ['invitation.withdrawn'] })
        .expect(201);
      const invitation = await t
        .http()
        .post(`/api/v1/assessments/${testId}/invitations`)
        .set(recruiter.auth)
        .send({ candidateName: 'Twice Candidate', candidateEmail: 'twice.candidate@example.test' })
        .expect(201);
      const invitationId = invitation.body.id as string;
      await t.http().post(`/api/v1/invitations/${invitationId}/withdraw`).set(recruiter.auth).expect(200);
      const [row] = await waitForDelivery(invitationId, (d) => d.length === 1);
      // Its own job (queued at commit) races with three more senders, as two workers and a retried job would.
      const deliveries = t.app.get(DeliveriesService);
      await Promise.all([deliveries.send(row.id), deliveries.send(row.id), deliveries.send(row.id)]);
      await waitForDelivery(invitationId, (d) => d[0].status === 'delivered');
      await deliveries.send(row.id);
      await t.jobs.runSweeps();
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.callsTo('/hooks/twice')).toHaveLength(1);
      const attempts = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM delivery_attempts WHERE delivery_id = $1`,
        [row.id],
      );
      expect(attempts).toEqual([{ n: 1 }]);
      await t.http().delete(`/api/v1/webhooks/${hook.body.id}`).set(admin.auth).expect(204);
    });

    it('should sign each delivery so that the secret verifies it and another secret does not, and deliver events in order per invitation', async () => {
      const created = await t
        .http()
        .post('/api/v1/webhooks')
        .set(admin.auth)
        .send({
          url: receiver.url('/hooks/all'),
          events: ['invitation.started', 'submission.created', 'review.claimed', 'feedback.sent'],
        })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        url: receiver.url('/hooks/all'),
        events: ['invitation.started', 'submission.created', 'review.claimed', 'feedback.sent'],
        createdAt: expect.any(String),
        secret: expect.stringMatching(/^whsec_[\w-]{40,}$/),
      });
      const listed = await t.http().get('/api/v1/webhooks').set(admin.auth).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
      expect(listed.body).toContainEqual({
        id: created.body.id,
        url: created.body.url,
        events: created.body.events,
        createdAt: created.body.createdAt,
      });

      // The first event fails once: the later ones of the same invitation must wait for it.
      receiver.answer('/hooks/all', 500);
      const invitation = await t
        .http()
        .post(`/api/v1/assessments/${testId}/invitations`)
        .set(recruiter.auth)
        .send({ candidateName: 'Webhook Candidate', candidateEmail: 'webhook.candidate@example.test' })
        .expect(201);
      const invitationId = invitation.body.id as string;
      await startAndSubmit({ Authorization: `Bearer ${invitation.body.token as string}` });
      await waitForDelivery(invitationId, (d) => d[0]?.attempts === 1);
      await reviewWithFeedback(invitationId, 'webhook-one');
      await waitForDelivery(invitationId, (d) => d.length === 4);
      t.clock.advanceMinutes(1);
      await t.jobs.runSweeps();
      await waitForDelivery(invitationId, (d) => d.every((x) => x.status === 'delivered'));

      const calls = receiver.callsTo('/hooks/all');
      const types = calls.map((c) => (JSON.parse(c.body) as { type: string }).type);
      expect(types).toEqual([
        'invitation.started',
        'invitation.started',
        'submission.created',
        'review.claimed',
        'feedback.sent',
      ]);
      // Signed when sent, by Candor's clock.
      const clockSeconds = Math.floor(t.clock.now().getTime() / 1000);
      for (const call of calls) {
        const header = call.headers['candor-signature'] as string;
        const signedAt = Number(/t=(\d+)/.exec(header)![1]);
        expect(verifyWebhookSignature(created.body.secret, header, call.body, signedAt)).toBe(true);
        expect(verifyWebhookSignature('whsec_another', header, call.body, signedAt)).toBe(false);
        expect(Math.abs(signedAt - clockSeconds)).toBeLessThanOrEqual(60);
      }
      const last = JSON.parse(calls[4].body) as Record<string, unknown>;
      expect(last).toEqual({
        id: expect.any(String),
        type: 'feedback.sent',
        createdAt: expect.any(String),
        data: expect.objectContaining({ invitationId }),
      });
      // Ids and facts only: no name, email or feedback text reaches a webhook.
      expect(calls.map((c) => c.body).join('')).not.toMatch(
        /Webhook Candidate|webhook\.candidate@|idempotent with a key/,
      );

      const deliveries = await t
        .http()
        .get(`/api/v1/webhooks/${created.body.id}/deliveries`)
        .set(admin.auth)
        .expect(200);
      expect(deliveries.body).toHaveLength(4);
      expect(deliveries.body[3]).toMatchObject({
        event: 'invitation.started',
        status: 'delivered',
        attempts: 2,
        lastStatusCode: 200,
        createdAt: expect.any(String),
        deliveredAt: expect.any(String),
      });

      await t.http().delete(`/api/v1/webhooks/${created.body.id}`).set(admin.auth).expect(204);
      await t.http().delete(`/api/v1/webhooks/${created.body.id}`).set(admin.auth).expect(404);
      await t.http().get(`/api/v1/webhooks/${created.body.id}/deliveries`).set(admin.auth).expect(404);
    });

    it('should answer 400 naming the field when events are unknown or empty, and 403 to a recruiter', async () => {
      const unknown = await t
        .http()
        .post('/api/v1/webhooks')
        .set(admin.auth)
        .send({ url: receiver.url('/x'), events: ['invitation.eaten'] })
        .expect(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toContain('events');
      await t
        .http()
        .post('/api/v1/webhooks')
        .set(admin.auth)
        .send({ url: receiver.url('/x'), events: [] })
        .expect(400);
      await t
        .http()
        .post('/api/v1/webhooks')
        .set(recruiter.auth)
        .send({ url: receiver.url('/x'), events: ['feedback.sent'] })
        .expect(403);
      expect(await t.dataSource.query(`SELECT id FROM webhooks WHERE url = $1`, [receiver.url('/x')])).toEqual([]);
    });
  });
});
