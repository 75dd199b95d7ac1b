import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A browser's session: the cookie the /login page set and the token its pages carry. */
interface PageSession {
  cookie: string;
  csrf: string;
}

const ORIGIN = 'http://candor.test'; // PUBLIC_BASE_URL of the test app

describe('cross-site requests with the page session (CSRF)', () => {
  let t: TestApp;
  let admin: StaffSession;
  let reviewer: StaffSession;

  async function signInPage(who: StaffSession): Promise<PageSession> {
    const login = await t
      .http()
      .post('/login')
      .type('form')
      .send({ email: who.email, password: who.password, next: '/review' })
      .expect(303);
    const cookie = (login.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('candor_session='))!
      .split(';')[0];
    const page = await t.http().get('/review').set('cookie', cookie);
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.text)?.[1];
    if (!csrf) throw new Error(`no csrf-token meta on /review (${page.status})`);
    return { cookie, csrf };
  }

  const newUser = (tag: string): Record<string, string> => ({
    email: `${tag}@candor.test`,
    name: tag,
    role: 'admin',
    password: 'quiet lantern orbit 42',
  });
  const userCount = async (email: string): Promise<number> =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM users WHERE email = $1`, [email]))[0].n);

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await createStaff(t, 'admin');
    reviewer = await createStaff(t, 'reviewer');
  });
  afterAll(() => t.close());

  it("should refuse with 403 and create nobody when a form posted from another site carries the admin's session cookie", async () => {
    const session = await signInPage(admin);
    const body = newUser('csrf-form');
    const res = await t
      .http()
      .post('/api/v1/users')
      .set('cookie', session.cookie)
      .set('origin', 'https://evil.example')
      .type('form')
      .send(body);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await userCount(body.email)).toBe(0);
  });

  it("should refuse with 403 when a JSON request with the cookie lacks the token, has another session's token or comes from another origin", async () => {
    const session = await signInPage(admin);
    const other = await signInPage(reviewer);
    const body = newUser('csrf-json');
    const post = () => t.http().post('/api/v1/users').set('cookie', session.cookie);
    const noToken = await post().set('origin', ORIGIN).send(body).expect(403);
    expect(noToken.body).toMatchObject({
      status: 403,
      type: expect.stringMatching(/cross-site-request$/),
      detail: expect.stringMatching(/X-CSRF-Token/),
    });
    await post().set('origin', ORIGIN).set('x-csrf-token', other.csrf).send(body).expect(403);
    await post().set('origin', 'https://evil.example').set('x-csrf-token', session.csrf).send(body).expect(403);
    await post().set('x-csrf-token', session.csrf).send(body).expect(403);
    await post().set('origin', 'null').set('x-csrf-token', session.csrf).send(body).expect(403);
    expect(await userCount(body.email)).toBe(0);
  });

  it('should accept a change with the cookie when it carries its token and a same-origin Origin', async () => {
    const session = await signInPage(admin);
    const body = newUser('csrf-ok');
    await t
      .http()
      .post('/api/v1/users')
      .set('cookie', session.cookie)
      .set('origin', ORIGIN)
      .set('x-csrf-token', session.csrf)
      .send(body)
      .expect(201);
    // The origin the request was addressed to counts as well (a deployment reached by another name).
    const host = await t
      .http()
      .post('/api/v1/users')
      .set('cookie', session.cookie)
      .set('x-csrf-token', session.csrf)
      .set('host', 'candor.internal:8080')
      .set('origin', 'http://candor.internal:8080')
      .send(newUser('csrf-host'));
    expect(host.status).toBe(201);
  });

  it("should refuse a bodiless change with 403 when a reviewer's cookie comes without the token", async () => {
    const session = await signInPage(reviewer);
    await t.http().post('/api/v1/reviews/claim').set('cookie', session.cookie).set('origin', ORIGIN).expect(403);
    await t
      .http()
      .post('/api/v1/reviews/claim')
      .set('cookie', session.cookie)
      .set('origin', ORIGIN)
      .set('x-csrf-token', session.csrf)
      .expect(204);
  });

  it('should let reads with the cookie through without a token when the method is GET', async () => {
    const session = await signInPage(reviewer);
    await t.http().get('/api/v1/users/me').set('cookie', session.cookie).expect(200);
    await t.http().get('/api/v1/reviews/queue').set('cookie', session.cookie).expect(200);
  });

  it('should not ask for a token when the Bearer header authenticates, even with a cookie beside it', async () => {
    const session = await signInPage(reviewer);
    await t.http().post('/api/v1/users').set(admin.auth).send(newUser('bearer-ok')).expect(201);
    await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .set('cookie', session.cookie)
      .send(newUser('bearer-and-cookie'))
      .expect(201);
  });

  it('should answer 415 when a JSON API route gets a form-encoded, multipart or text body', async () => {
    const body = newUser('form-bearer');
    const form = await t.http().post('/api/v1/users').set(admin.auth).type('form').send(body).expect(415);
    expect(form.body).toMatchObject({ status: 415, type: expect.stringMatching(/unsupported-media-type$/) });
    await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .field('email', body.email)
      .field('name', 'x')
      .field('role', 'admin')
      .field('password', body.password)
      .expect(415);
    await t
      .http()
      .post('/api/v1/auth/login')
      .type('form')
      .send({ email: admin.email, password: admin.password })
      .expect(415);
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ email: admin.email, password: admin.password }))
      .expect(415);
    // CSV is read only by the bulk invitation upload; elsewhere it is refused like any other non-JSON body.
    const csv = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .set('content-type', 'text/csv')
      .send(`email,name,role,password\n${body.email},x,admin,${body.password}\n`)
      .expect(415);
    expect(csv.body).toMatchObject({ status: 415, type: expect.stringMatching(/unsupported-media-type$/) });
    expect(await userCount(body.email)).toBe(0);
  });

  it("should render the page's token into its sign-out form and refuse a sign-out without it", async () => {
    const session = await signInPage(reviewer);
    const page = await t.http().get('/review').set('cookie', session.cookie).expect(200);
    expect(page.text).toContain(`<input type="hidden" name="_csrf" value="${session.csrf}">`);
    await t.http().post('/logout').set('cookie', session.cookie).type('form').send({}).expect(403);
    await t.http().post('/logout').set('cookie', session.cookie).type('form').send({ _csrf: 'forged' }).expect(403);
    await t.http().get('/api/v1/users/me').set('cookie', session.cookie).expect(200);
    await t.http().post('/logout').set('cookie', session.cookie).type('form').send({ _csrf: session.csrf }).expect(303);
  });

  it('should refuse a page login posted from another site', async () => {
    const res = await t
      .http()
      .post('/login')
      .set('origin', 'https://evil.example')
      .type('form')
      .send({ email: reviewer.email, password: reviewer.password });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
