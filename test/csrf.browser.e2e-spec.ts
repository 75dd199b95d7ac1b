import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { launchBrowser, listen, signInThroughForm } from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Another page on the same machine, on another port: same *site* as Candor (SameSite cookies go along), another
 * *origin*. What SameSite=Strict alone let through is what these pages try.
 */
function attackerPage(target: string, email: string): string {
  return `<!doctype html><html><body>
<form id="f" method="post" action="${target}/api/v1/users">
  <input name="email" value="${email}"><input name="name" value="Mallory"><input name="role" value="admin">
  <input name="password" value="quiet lantern orbit 42">
</form>
<script>
  fetch(${JSON.stringify(target)} + '/api/v1/users', {
    method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ email: 'fetch-' + ${JSON.stringify(email)}, name: 'Mallory', role: 'admin', password: 'quiet lantern orbit 42' }),
  }).finally(() => document.getElementById('f').submit());
</script>
</body></html>`;
}

describeInBrowser('cross-site requests in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: StaffSession;
  let attacker: Server;
  let attackerBase: string;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    base = await listen(t);
    browser = await launchBrowser();
    admin = await createStaff(t, 'admin');
    attacker = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        attackerPage(base, new URL(req.url ?? '/', 'http://x').searchParams.get('email') ?? 'mallory@candor.test'),
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerBase = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(() => context.close());

  const usersNamed = async (email: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query(`SELECT count(*) AS n FROM users WHERE email IN ($1, $2)`, [email, `fetch-${email}`])
      )[0].n,
    );

  it('should create no admin when a signed-in admin opens another site whose form and fetch post to the API', async () => {
    await signInThroughForm(page, base, admin);

    const email = 'mallory@candor.test';
    const posted = page.waitForResponse(
      (res) =>
        res.url() === `${base}/api/v1/users` &&
        res.request().method() === 'POST' &&
        res.request().resourceType() === 'document',
    );
    await page.goto(`${attackerBase}/?email=${encodeURIComponent(email)}`);
    expect((await posted).status()).toBe(403);
    // The form's navigation commits after its response arrives: let it land before navigating again.
    await page.waitForURL(`${base}/api/v1/users`);
    expect(await usersNamed(email)).toBe(0);
    // The session itself still works: the refusal is about where the request came from.
    await page.goto(`${base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
  });

  it("should send the page's token and Origin when the staff pages' own script changes something", async () => {
    const reviewer = await createStaff(t, 'reviewer');
    await signInThroughForm(page, base, reviewer, '/review');
    const claimed = page.waitForResponse((res) => res.url() === `${base}/api/v1/reviews/claim`);
    await page.click('#claim-next');
    const res = await claimed;
    expect(res.status()).toBe(204);
    const headers = await res.request().allHeaders();
    expect(headers['x-csrf-token']).toBe(await page.locator('meta[name="csrf-token"]').getAttribute('content'));
    expect(headers.origin).toBe(base);
    expect(await page.locator('#claim-status').innerText()).toBe('The queue is empty: nothing to claim right now.');
  });
});
