import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, TEST_ADMIN, type TestApp } from './support/test-app.js';

describe('staff accounts and roles', () => {
  let t: TestApp;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let reviewer: StaffSession;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await createStaff(t, 'admin');
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
  });
  afterAll(() => t.close());

  it('should sign in the first admin created from ADMIN_EMAIL / ADMIN_PASSWORD when the service starts', async () => {
    const res = await t.http().post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.user).toEqual({
      id: expect.any(String),
      email: TEST_ADMIN.email,
      name: 'Administrator',
      role: 'admin',
    });
    expect(res.body.user.passwordHash).toBeUndefined();
  });

  it('should answer 401 problem+json when the password is wrong or the email unknown', async () => {
    for (const body of [
      { email: recruiter.email, password: 'wrong-password' },
      { email: 'nobody@candor.test', password: 'x' },
    ]) {
      const res = await t.http().post('/api/v1/auth/login').send(body).expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, type: expect.stringMatching(/invalid-credentials$/) });
    }
  });

  it('should return the caller when any staff role asks for /users/me', async () => {
    for (const s of [admin, recruiter, reviewer]) {
      const res = await t.http().get('/api/v1/users/me').set(s.auth).expect(200);
      expect(res.body).toMatchObject({ id: s.id, email: s.email, role: s.role });
    }
  });

  it('should answer 401 when the token is missing, malformed or not a staff token', async () => {
    await t.http().get('/api/v1/users/me').expect(401);
    await t.http().get('/api/v1/users/me').set({ Authorization: 'Bearer not-a-jwt' }).expect(401);
    await t
      .http()
      .get('/api/v1/users/me')
      .set({ Authorization: `Basic ${admin.token}` })
      .expect(401);
  });

  it('should let only admins create users when other roles try (403)', async () => {
    const body = {
      email: 'new.reviewer@candor.test',
      name: 'New Reviewer',
      role: 'reviewer',
      password: 'long-enough-password',
    };
    await t.http().post('/api/v1/users').set(recruiter.auth).send(body).expect(403);
    await t.http().post('/api/v1/users').set(reviewer.auth).send(body).expect(403);
    const created = await t.http().post('/api/v1/users').set(admin.auth).send(body).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), email: body.email, name: body.name, role: 'reviewer' });
    await t.http().post('/api/v1/auth/login').send({ email: body.email, password: body.password }).expect(200);
  });

  it('should answer 409 when the email already exists, whatever its case', async () => {
    const body = {
      email: recruiter.email.toUpperCase(),
      name: 'Dup',
      role: 'recruiter',
      password: 'long-enough-password',
    };
    const res = await t.http().post('/api/v1/users').set(admin.auth).send(body).expect(409);
    expect(res.body.type).toMatch(/email-taken$/);
  });

  it('should answer 400 naming the field when the body has an unknown field or a malformed email', async () => {
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: admin.email, password: 'x', isAdmin: true })
      .expect(400);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]));

    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM users');
    const malformed = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'not-an-email', name: 'X', role: 'wizard', password: 'long-enough-password' })
      .expect(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'role']);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM users')).toEqual(before);
  });

  it('should answer 400 problem+json when the body is not JSON', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{nope')
      .expect(400);
    expect(res.body).toMatchObject({ status: 400, errors: [{ field: 'body', message: expect.any(String) }] });
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('should answer 429 when one client tries to sign in too often', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'guess@candor.test', password: `guess-${i}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
