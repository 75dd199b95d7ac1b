import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('where staff land after signing in, and the pages a 403 offers', () => {
  let t: TestApp;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let reviewer: StaffSession;

  /** Signs in through the page's form (optionally asking for `next`); returns the redirect and the cookie. */
  async function signIn(who: StaffSession, next?: string): Promise<{ location: string; cookie: string }> {
    const res = await t
      .http()
      .post('/login')
      .type('form')
      .send({ email: who.email, password: who.password, ...(next ? { next } : {}) })
      .expect(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('candor_session='))!
      .split(';')[0];
    return { location: res.headers.location, cookie };
  }

  /** The links of the staff header (or of the 403 page's list), as "label href". */
  const links = (html: string, container: RegExp): string[] =>
    [...(container.exec(html)?.[1] ?? '').matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map(
      ([, href, label]) => `${label} ${href}`,
    );

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    [admin, recruiter, reviewer] = await Promise.all([
      createStaff(t, 'admin'),
      createStaff(t, 'recruiter'),
      createStaff(t, 'reviewer'),
    ]);
  });
  afterAll(() => t.close());

  it('should send a reviewer to /review when they sign in at plain /login', async () => {
    expect((await signIn(reviewer)).location).toBe('/review');
  });

  it('should send recruiters and admins to /dashboard when they sign in at plain /login', async () => {
    expect((await signIn(recruiter)).location).toBe('/dashboard');
    expect((await signIn(admin)).location).toBe('/dashboard');
  });

  it('should keep the page that was asked for when the login carries next', async () => {
    expect((await signIn(reviewer, '/review?id=x')).location).toBe('/review?id=x');
  });

  it('should not put a default next into the form when the login page was opened plainly', async () => {
    const page = await t.http().get('/login').expect(200);
    expect(page.text).not.toContain('name="next"');
    const asked = await t.http().get('/login?next=%2Finvitations').expect(200);
    expect(asked.text).toContain('<input type="hidden" name="next" value="/invitations">');
  });

  it('should offer a reviewer the review page when they open the dashboard', async () => {
    const { cookie } = await signIn(reviewer);
    const res = await t.http().get('/dashboard').set('cookie', cookie).expect(403);
    expect(links(res.text, /<ul class="page-links">([\s\S]*?)<\/ul>/)).toEqual(['Review /review']);
  });

  it('should list the recruiter pages in the header and mark the current one when a recruiter opens the dashboard', async () => {
    const { cookie } = await signIn(recruiter);
    const res = await t.http().get('/dashboard').set('cookie', cookie).expect(200);
    expect(links(res.text, /<nav aria-label="Staff pages"[^>]*>([\s\S]*?)<\/nav>/)).toEqual([
      'Dashboard /dashboard',
      'Assessments /assessments',
      'Candidates /invitations',
    ]);
    expect(res.text).toContain('<a href="/dashboard" aria-current="page">');
  });

  it('should list every page in the header when an admin opens the review page', async () => {
    const { cookie } = await signIn(admin);
    const res = await t.http().get('/review').set('cookie', cookie).expect(200);
    expect(links(res.text, /<nav aria-label="Staff pages"[^>]*>([\s\S]*?)<\/nav>/)).toEqual([
      'Dashboard /dashboard',
      'Assessments /assessments',
      'Candidates /invitations',
      'Review /review',
      'Admin /admin',
    ]);
  });
});
