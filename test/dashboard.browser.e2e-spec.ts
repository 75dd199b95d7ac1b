import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildKnownHistory, HISTORY_NOW } from './factories/metrics-history.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { launchBrowser, listen, screenshot } from './support/browser.js';
import { FakeClock } from './support/fake-clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const tile = (page: Page, id: string): Promise<string> => page.locator(`[data-metric="${id}"] .value`).innerText();

describe('recruiter dashboard in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  // Staff accounts hash passwords with argon2: slow on a busy machine, so set-up gets more than a test.
  beforeAll(async () => {
    t = await createTestApp({
      queue: 'postgres',
      clock: new FakeClock(HISTORY_NOW),
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    base = await listen(t);
    browser = await launchBrowser();
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer', { name: 'Alice Reviewer' });
    const bob = await createStaff(t, 'reviewer', { name: 'Bob Reviewer' });
    await buildKnownHistory(t, { recruiterId: recruiter.id, aliceId: reviewer.id, bobId: bob.id });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    pageErrors = [];
    // A CSP violation or script error is a failure: the page must work under the real policy.
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // The page's own 401/403 answers and the browser's favicon probe are expected; a broken asset is not.
    page.on(
      'console',
      (msg) =>
        msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && pageErrors.push(msg.text()),
    );
    page.on('response', (res) => {
      const request = res.request();
      if (res.status() >= 400 && request.resourceType() !== 'document' && !request.url().endsWith('/favicon.ico')) {
        pageErrors.push(`${res.status()} ${request.url()}`);
      }
    });
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  async function signIn(who: StaffSession, password = who.password): Promise<void> {
    await page.fill('input[name=email]', who.email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
  }

  it('should send a recruiter through the login form to the dashboard with the headline numbers and charts', async () => {
    await page.goto(`${base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await signIn(recruiter);
    await page.waitForURL(`${base}/dashboard`);

    expect(await tile(page, 'on-time-rate')).toBe('60 %');
    expect(await tile(page, 'feedback-p50')).toBe('60 h');
    expect(await tile(page, 'feedback-p90')).toBe('118 h');
    expect(await tile(page, 'overdue-now')).toBe('1');
    expect(await tile(page, 'queue-depth')).toBe('2');

    // Both charts render as SVG with drawn series; the weekly one has the deadline line.
    expect(await page.locator('#chart-weekly svg').count()).toBe(1);
    expect(await page.locator('#chart-weekly svg .line-deadline polyline').count()).toBe(1);
    expect(
      await page.locator('#chart-weekly svg .line-p50 circle, #chart-weekly svg .line-p50 polyline').count(),
    ).toBeGreaterThan(0);
    expect(await page.locator('#chart-queue svg .line-queue polyline').count()).toBe(1);
    const chartBox = await page.locator('#chart-queue svg').boundingBox();
    expect(chartBox?.width).toBeGreaterThan(300);

    expect(await page.locator('#reviewers tbody tr').count()).toBe(2);
    const tooLong = page.locator('#assessments tr.too-long td:first-child');
    expect(await tooLong.allInnerTexts()).toEqual(['Backend exercise', 'Frontend, "live" exercise']);

    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'candor_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    await screenshot(page, 'dashboard-recruiter');
  });

  it('should narrow the page to one assessment when the recruiter picks it in the filter', async () => {
    await page.goto(`${base}/login`);
    await signIn(recruiter);
    await page.waitForURL(`${base}/dashboard`);
    await page.selectOption('select[name=assessmentId]', { label: 'Frontend, "live" exercise' });
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/assessmentId=/);
    expect(await tile(page, 'on-time-rate')).toBe('50 %');
    expect(await page.locator('#assessments tbody tr').count()).toBe(1);
  });

  it('should show the form again with a message when the password is wrong', async () => {
    await page.goto(`${base}/login`);
    await signIn(recruiter, 'not-the-password');
    expect(await page.locator('[role=alert]').innerText()).toBe('Email or password is wrong.');
    expect((await context.cookies()).find((c) => c.name === 'candor_session')).toBeUndefined();
  });

  it('should refuse the dashboard to a reviewer when one signs in', async () => {
    await page.goto(`${base}/dashboard`);
    await signIn(reviewer);
    await page.waitForLoadState();
    expect(await page.locator('h1').innerText()).toBe('Your role may not do this');
    expect(await page.locator('[data-metric]').count()).toBe(0);
  });
});
