import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Attempt {
  status: number;
  retryAfter: string | undefined;
  detail: string | undefined;
}

const apiLogin = async (t: TestApp, email: string, password: string, forwardedFor: string): Promise<Attempt> => {
  const res = await t.http().post('/api/v1/auth/login').set('x-forwarded-for', forwardedFor).send({ email, password });
  return {
    status: res.status,
    retryAfter: res.headers['retry-after'],
    detail: (res.body as { detail?: string }).detail,
  };
};

const pageLogin = async (t: TestApp, email: string, password: string, forwardedFor: string): Promise<Attempt> => {
  const res = await t.http().post('/login').set('x-forwarded-for', forwardedFor).type('form').send({ email, password });
  return { status: res.status, retryAfter: res.headers['retry-after'], detail: res.text };
};

describe('login limit without a trusted proxy (TRUST_PROXY unset)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { TRUST_PROXY: '', LOGIN_RATE_LIMIT_PER_MINUTE: '10' } });
  });
  afterAll(() => t.close());

  it('should answer 429 with Retry-After after the limit when one client sends 12 logins, each with a new X-Forwarded-For', async () => {
    const attempts: Attempt[] = [];
    for (let i = 1; i <= 12; i++)
      attempts.push(await apiLogin(t, `guess-${i}@candor.test`, `guess-${i}`, `10.50.0.${i}`));
    expect(attempts.map((a) => a.status)).toEqual([...Array(10).fill(401), 429, 429]);
    const limited = await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '10.50.0.99')
      .send({ email: 'x@candor.test', password: 'x' })
      .expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({
      status: 429,
      type: expect.stringMatching(/too-many-requests$/),
      detail: expect.stringMatching(/try again in \d+ s/),
    });
    const seconds = Number(/try again in (\d+) s/.exec(limited.body.detail)![1]);
    expect(limited.headers['retry-after']).toBe(String(seconds));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
  });

  it('should let the client try again when the minute has passed', async () => {
    t.clock.advance(60_000);
    expect((await apiLogin(t, 'guess-13@candor.test', 'guess', '10.50.0.13')).status).toBe(401);
  });
});

describe('login limit behind a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
  let t: TestApp;
  let person: StaffSession;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { TRUST_PROXY: '127.0.0.1', LOGIN_RATE_LIMIT_PER_MINUTE: '5' } });
    person = await createStaff(t, 'recruiter');
  });
  afterAll(() => t.close());
  // Each test starts in a fresh one-minute window.
  beforeEach(() => {
    t.clock.advance(60_000);
  });

  it('should count each forwarded client on its own when the proxy in front is trusted', async () => {
    const first: number[] = [];
    for (let i = 1; i <= 6; i++) first.push((await apiLogin(t, `a-${i}@candor.test`, 'x', '10.60.0.1')).status);
    expect(first).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await apiLogin(t, 'b@candor.test', 'x', '10.60.0.2')).status).toBe(401);
  });

  it('should limit one account across addresses when the guesses come from many clients', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++) statuses.push((await apiLogin(t, person.email, `guess-${i}`, `10.70.${i}.1`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // The account is held for the rest of the minute, whatever the address and however its email is written.
    expect((await apiLogin(t, person.email.toUpperCase(), person.password, '10.70.99.1')).status).toBe(429);
    // Another account from a fresh address is not affected.
    expect((await apiLogin(t, 'someone-else@candor.test', 'x', '10.70.100.1')).status).toBe(401);
    t.clock.advance(60_000);
    expect((await apiLogin(t, person.email, person.password, '10.70.99.1')).status).toBe(200);
  });

  it('should share one count between the page and the API login when both are used', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const login = i % 2 === 0 ? pageLogin : apiLogin;
      statuses.push((await login(t, `shared-${i}@candor.test`, 'x', '10.80.0.1')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const page = await pageLogin(t, 'shared-7@candor.test', 'x', '10.80.0.1');
    expect(page.status).toBe(429);
    expect(page.retryAfter).toMatch(/^\d+$/);
    expect(page.detail).toMatch(/try again in \d+ s/);
  });

  it('should let exactly the limit through when 20 guesses at one account arrive at once from 20 addresses', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => apiLogin(t, 'burst@candor.test', `guess-${i}`, `10.95.${i}.1`)),
    );
    const statuses = attempts.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('should count page logins for the account when they come from many addresses', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await pageLogin(t, person.email, `guess-${i}`, `10.90.${i}.1`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await apiLogin(t, person.email, person.password, '10.90.99.1')).status).toBe(429);
  });
});
