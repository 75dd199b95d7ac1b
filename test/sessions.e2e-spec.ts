import { createStaff, type StaffSession } from './factories/user.factory.js';
import { seedAssessment, seedSubmission, type SeededAssessment } from './factories/submission.factory.js';
import { createTestApp, TEST_ADMIN, type TestApp } from './support/test-app.js';

const ORIGIN = 'http://candor.test';

describe('staff sessions, logout and deactivation', () => {
  let t: TestApp;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let assessment: SeededAssessment;

  const login = async (who: { email: string; password: string }): Promise<{ Authorization: string }> => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: who.email, password: who.password })
      .expect(200);
    return { Authorization: `Bearer ${res.body.accessToken as string}` };
  };

  async function signInPage(who: StaffSession): Promise<{ cookie: string; csrf: string }> {
    const res = await t
      .http()
      .post('/login')
      .type('form')
      .send({ email: who.email, password: who.password, next: '/review' })
      .expect(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('candor_session='))!
      .split(';')[0];
    const page = await t.http().get('/review').set('cookie', cookie);
    return { cookie, csrf: /<meta name="csrf-token" content="([^"]+)">/.exec(page.text)![1] };
  }

  const eventTypes = async (userId: string): Promise<string[]> =>
    (
      await t.dataSource.query<{ type: string }[]>(
        `SELECT type FROM events WHERE aggregate_type = 'user' AND aggregate_id = $1 ORDER BY id`,
        [userId],
      )
    ).map((e) => e.type);

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await createStaff(t, 'admin');
    recruiter = await createStaff(t, 'recruiter');
    assessment = await seedAssessment(t, recruiter.id);
  });
  afterAll(() => t.close());

  it('should answer / with a page saying what Candor is and linking to the sign-in', async () => {
    const res = await t
      .http()
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(res.text).toContain('Fair take-home assessments');
    expect(res.text).toContain('<a class="button" href="/login">Staff sign in</a>');
  });

  describe('logout', () => {
    it('should stop the token at once when its holder logs out, and leave their other sessions working', async () => {
      const person = await createStaff(t, 'recruiter');
      const other = await login(person);
      await t.http().get('/api/v1/users/me').set(person.auth).expect(200);
      await t.http().post('/api/v1/auth/logout').set(person.auth).expect(204);
      const after = await t.http().get('/api/v1/users/me').set(person.auth).expect(401);
      expect(after.body.type).toMatch(/unauthenticated$/);
      await t.http().post('/api/v1/auth/logout').set(person.auth).expect(401);
      await t.http().get('/api/v1/users/me').set(other).expect(200);
    });

    it('should end the page session on the server when the page signs out, not only drop the cookie', async () => {
      const person = await createStaff(t, 'reviewer');
      const page = await signInPage(person);
      await t.http().get('/api/v1/users/me').set('cookie', page.cookie).expect(200);
      const out = await t
        .http()
        .post('/logout')
        .set('cookie', page.cookie)
        .type('form')
        .send({ _csrf: page.csrf })
        .expect(303);
      expect(out.headers.location).toBe('/login');
      await t.http().get('/api/v1/users/me').set('cookie', page.cookie).expect(401);
      const review = await t.http().get('/review').set('cookie', page.cookie).expect(303);
      expect(review.headers.location).toMatch(/^\/login/);
    });

    it('should end the page session when the API logout is called with its cookie and token', async () => {
      const person = await createStaff(t, 'reviewer');
      const page = await signInPage(person);
      await t.http().post('/api/v1/auth/logout').set('cookie', page.cookie).set('origin', ORIGIN).expect(403);
      await t
        .http()
        .post('/api/v1/auth/logout')
        .set('cookie', page.cookie)
        .set('origin', ORIGIN)
        .set('x-csrf-token', page.csrf)
        .expect(204);
      await t.http().get('/api/v1/users/me').set('cookie', page.cookie).expect(401);
    });
  });

  describe('staff accounts', () => {
    it('should list every account with whether it is active when an admin asks, and refuse other roles', async () => {
      const res = await t.http().get('/api/v1/users').set(admin.auth).expect(200);
      expect(res.body).toEqual(
        expect.arrayContaining([
          { id: expect.any(String), email: TEST_ADMIN.email, name: 'Administrator', role: 'admin', active: true },
          { id: recruiter.id, email: recruiter.email, name: 'Test recruiter', role: 'recruiter', active: true },
        ]),
      );
      for (const user of res.body as Record<string, unknown>[])
        expect(Object.keys(user).sort()).toEqual(['active', 'email', 'id', 'name', 'role']);
      await t.http().get('/api/v1/users').set(recruiter.auth).expect(403);
      await t.http().patch(`/api/v1/users/${recruiter.id}`).set(recruiter.auth).send({ name: 'Me' }).expect(403);
    });

    it('should rename and change the role at once when an admin patches a person, the old token carrying the new role', async () => {
      const person = await createStaff(t, 'recruiter');
      await t.http().get('/api/v1/assessments').set(person.auth).expect(200);
      const res = await t
        .http()
        .patch(`/api/v1/users/${person.id}`)
        .set(admin.auth)
        .send({ name: '  Grace Hopper ', role: 'reviewer' })
        .expect(200);
      expect(res.body).toEqual({
        id: person.id,
        email: person.email,
        name: 'Grace Hopper',
        role: 'reviewer',
        active: true,
      });
      await t.http().get('/api/v1/assessments').set(person.auth).expect(403);
      await t.http().get('/api/v1/reviews/queue').set(person.auth).expect(200);
      expect(await eventTypes(person.id)).toEqual([
        'user.created',
        'user.signed_in',
        'user.renamed',
        'user.role_changed',
      ]);
    });

    it('should end the sessions, refuse the login and return the claims to the queue when an admin deactivates a reviewer', async () => {
      const reviewer = await createStaff(t, 'reviewer');
      const second = await login(reviewer);
      const submission = await seedSubmission(t, assessment);
      const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
      expect(claim.body.submissionId).toBe(submission.id);

      const res = await t
        .http()
        .patch(`/api/v1/users/${reviewer.id}`)
        .set(admin.auth)
        .send({ active: false })
        .expect(200);
      expect(res.body).toMatchObject({ id: reviewer.id, active: false });
      for (const auth of [reviewer.auth, second]) await t.http().get('/api/v1/reviews/mine').set(auth).expect(401);
      const refused = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: reviewer.email, password: reviewer.password })
        .expect(401);
      expect(refused.body.type).toMatch(/invalid-credentials$/);

      expect(await t.dataSource.query(`SELECT status FROM reviews WHERE id = $1`, [claim.body.id])).toEqual([
        { status: 'released' },
      ]);
      expect(await t.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [submission.id])).toEqual([
        { status: 'submitted' },
      ]);
      const other = await createStaff(t, 'reviewer');
      const again = await t.http().post('/api/v1/reviews/claim').set(other.auth).expect(200);
      expect(again.body.submissionId).toBe(submission.id);

      const [deactivated] = await t.dataSource.query(
        `SELECT actor_id, data FROM events WHERE aggregate_id = $1 AND type = 'user.deactivated'`,
        [reviewer.id],
      );
      expect(deactivated).toEqual({ actor_id: admin.id, data: { sessionsEnded: 2 } });
      const [released] = await t.dataSource.query(
        `SELECT actor_id FROM events WHERE aggregate_id = $1 AND type = 'review.released'`,
        [claim.body.id],
      );
      expect(released).toEqual({ actor_id: admin.id });

      await t.http().patch(`/api/v1/users/${reviewer.id}`).set(admin.auth).send({ active: true }).expect(200);
      await t.http().get('/api/v1/reviews/mine').set(reviewer.auth).expect(401);
      await login(reviewer);
      expect(await eventTypes(reviewer.id)).toEqual([
        'user.created',
        'user.signed_in',
        'user.signed_in',
        'user.deactivated',
        // The refused sign-in while deactivated is on the record too.
        'user.sign_in_failed',
        'user.reactivated',
        'user.signed_in',
      ]);
    });

    it("should return a reviewer's claims to the queue when an admin makes them a recruiter", async () => {
      const reviewer = await createStaff(t, 'reviewer');
      const submission = await seedSubmission(t, assessment);
      const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
      expect(claim.body.submissionId).toBe(submission.id);
      await t.http().patch(`/api/v1/users/${reviewer.id}`).set(admin.auth).send({ role: 'recruiter' }).expect(200);
      expect(await t.dataSource.query(`SELECT status FROM reviews WHERE id = $1`, [claim.body.id])).toEqual([
        { status: 'released' },
      ]);
      expect(await t.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [submission.id])).toEqual([
        { status: 'submitted' },
      ]);
      await t.http().get('/api/v1/reviews/mine').set(reviewer.auth).expect(403);
    });

    it('should refuse with 409 when the last active admin would be deactivated or lose the admin role', async () => {
      const admins = (await t.http().get('/api/v1/users').set(admin.auth).expect(200)).body as {
        id: string;
        role: string;
        active: boolean;
      }[];
      const others = admins.filter((u) => u.role === 'admin' && u.active && u.id !== admin.id);
      for (const other of others)
        await t.http().patch(`/api/v1/users/${other.id}`).set(admin.auth).send({ active: false }).expect(200);
      const self = await t
        .http()
        .patch(`/api/v1/users/${admin.id}`)
        .set(admin.auth)
        .send({ active: false })
        .expect(409);
      expect(self.body.type).toMatch(/last-admin$/);
      await t.http().patch(`/api/v1/users/${admin.id}`).set(admin.auth).send({ role: 'recruiter' }).expect(409);
      for (const other of others)
        await t.http().patch(`/api/v1/users/${other.id}`).set(admin.auth).send({ active: true }).expect(200);
      await t.http().get('/api/v1/users/me').set(admin.auth).expect(200);
    });

    it('should answer 400 naming the field when the patch is malformed, and 404 when the person is unknown', async () => {
      const bad = await t
        .http()
        .patch(`/api/v1/users/${recruiter.id}`)
        .set(admin.auth)
        .send({ active: 'no', role: 'wizard', email: 'x@y.z' })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['active', 'email', 'role']);
      await t
        .http()
        .patch('/api/v1/users/00000000-0000-4000-8000-000000000000')
        .set(admin.auth)
        .send({ name: 'Nobody' })
        .expect(404);
      await t.http().patch('/api/v1/users/not-a-uuid').set(admin.auth).send({ name: 'Nobody' }).expect(400);
    });

    it('should record each sign-in and logout as an event of the person when they happen', async () => {
      const person = await createStaff(t, 'recruiter');
      await t.http().post('/api/v1/auth/logout').set(person.auth).expect(204);
      const rows = await t.dataSource.query<
        {
          type: string;
          actor_id: string;
          data: Record<string, unknown>;
        }[]
      >(`SELECT type, actor_id, data FROM events WHERE aggregate_id = $1 AND type <> 'user.created' ORDER BY id`, [
        person.id,
      ]);
      expect(rows).toEqual([
        { type: 'user.signed_in', actor_id: person.id, data: { sessionId: expect.any(String), via: 'api' } },
        { type: 'user.signed_out', actor_id: person.id, data: { sessionId: rows[0].data.sessionId } },
      ]);
    });
  });
});
