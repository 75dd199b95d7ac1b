import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, TEST_ADMIN, type TestApp } from './support/test-app.js';

describe('creating staff accounts: passwords and emails', () => {
  let t: TestApp;
  let admin: StaffSession;

  const create = (body: Record<string, string>) =>
    t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ name: 'New person', role: 'reviewer', ...body });
  const users = async (): Promise<number> => Number((await t.dataSource.query(`SELECT count(*) AS n FROM users`))[0].n);

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await createStaff(t, 'admin');
  });
  afterAll(() => t.close());

  it('should answer 400 naming password with a reason when the password is easy to guess', async () => {
    const before = await users();
    for (const password of ['aaaaaaaaaa', 'Password123!', 'qwertyuiop12', 'weak.person@candor.test']) {
      const res = await create({ email: 'weak.person@candor.test', password }).expect(400);
      expect(res.body.errors).toEqual([
        { field: 'password', message: expect.stringMatching(/^password is too easy to guess\. .+/) },
      ]);
    }
    const repeated = await create({ email: 'weak.person@candor.test', password: 'aaaaaaaaaa' }).expect(400);
    expect(repeated.body.errors[0].message).toMatch(/Repeated characters/);
    expect(await users()).toBe(before);
    await create({ email: 'weak.person@candor.test', password: 'quiet lantern orbit 42' }).expect(201);
  });

  it('should answer 409 email-taken when the email looks like an existing one with letters from another alphabet', async () => {
    const before = await users();
    // Cyrillic "а" (U+0430) for the Latin "a" of the first admin's email.
    const res = await create({ email: 'аdmin@candor.test', password: 'quiet lantern orbit 42' }).expect(409);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/email-taken$/),
      detail: expect.stringMatching(/looks the same/),
    });
    await create({ email: 'admin@candor.tеst', password: 'quiet lantern orbit 42' }).expect(409); // Cyrillic "е"
    await create({ email: 'adm\u0456n@cand\u03BFr.test', password: 'quiet lantern orbit 42' }).expect(409); // Cyrillic "і", Greek "ο"
    expect(await users()).toBe(before);
  });

  it('should treat an email as the same account when it differs only in width or case', async () => {
    const before = await users();
    for (const email of ['ＡＤＭＩＮ@candor.test', TEST_ADMIN.email.toUpperCase()]) {
      const res = await create({ email, password: 'quiet lantern orbit 42' }).expect(409);
      expect(res.body.type).toMatch(/email-taken$/);
    }
    expect(await users()).toBe(before);
  });

  it('should store the email normalised and sign in with any case of it when the account is made', async () => {
    const res = await create({ email: 'Mixed.Case@Candor.Test', password: 'quiet lantern orbit 42' }).expect(201);
    expect(res.body.email).toBe('mixed.case@candor.test');
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'MIXED.case@candor.test', password: 'quiet lantern orbit 42' })
      .expect(200);
  });

  it('should put the account on the audit trail with its creator and role, never its name or email, when an admin makes one', async () => {
    const res = await create({ email: 'audited@candor.test', password: 'quiet lantern orbit 42' }).expect(201);
    const rows = await t.dataSource.query(
      `SELECT actor_type, actor_id, data FROM events WHERE aggregate_id = $1 AND type = 'user.created'`,
      [res.body.id],
    );
    expect(rows).toEqual([{ actor_type: 'staff', actor_id: admin.id, data: { role: 'reviewer' } }]);
  });

  it('should create distinct accounts when emails differ in a letter that looks different', async () => {
    await create({ email: 'dana@candor.test', password: 'quiet lantern orbit 42' }).expect(201);
    await create({ email: 'dina@candor.test', password: 'quiet lantern orbit 42' }).expect(201);
  });
});
