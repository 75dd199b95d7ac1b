import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { goodFeedback, seedAssessment, seedSubmission, type SeededSubmission } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { launchBrowser, listen, screenshot } from './support/browser.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('reviewer page in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let reviewer: StaffSession;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let urgent: SeededSubmission;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'redis', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    base = await listen(t);
    browser = await launchBrowser();
    const recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    const assessment = await seedAssessment(t, recruiter.id);
    const now = t.clock.now().getTime();
    urgent = await seedSubmission(t, assessment, { feedbackDueAt: new Date(now + 20 * 3_600_000) });
    await seedSubmission(t, assessment, { feedbackDueAt: new Date(now + 90 * 3_600_000) });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
    page = await context.newPage();
    pageErrors = [];
    // A CSP violation or a script error fails the test: the page must work under the real policy.
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && pageErrors.push(msg.text()));
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  const unmetFields = (): Promise<string[]> => page.locator('#unmet li').evaluateAll((items) => items.map((li) => li.getAttribute('data-field') ?? ''));

  it('should let a reviewer log in, claim, see the unmet rules update while typing, complete, and see the queue update', async () => {
    await page.goto(`${base}/review`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=email]', reviewer.email);
    await page.fill('input[name=password]', reviewer.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/review`);
    const cookie = (await context.cookies()).find((c) => c.name === 'candor_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.locator('#queue-depth').innerText()).toBe('2');
    expect(await page.locator('#queue-nearest').innerText()).toBe(urgent.feedbackDueAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
    await screenshot(page, 'review-1-queue');

    await page.click('#claim-next');
    await page.waitForURL(/\/review\?id=/);
    expect(await page.locator('#queue-depth').innerText()).toBe('1');
    const html = await page.content();
    expect(html).not.toContain(urgent.candidateName);
    expect(html).not.toContain(urgent.candidateEmail);
    expect(await page.locator('.answer').first().innerText()).toContain('idempotent');
    expect(await unmetFields()).toEqual(expect.arrayContaining(['decision', 'summary', 'strengths', 'improvements', 'scores.correctness', 'criteria.clarity']));
    expect(await page.locator('#complete').isDisabled()).toBe(true);
    await screenshot(page, 'review-2-claimed');

    const feedback = goodFeedback('browser') as { summary: string; strengths: string; improvements: string; criteria: Record<string, string> };
    await page.locator('textarea[name=summary]').pressSequentially('Too short.', { delay: 5 });
    await page.waitForSelector('#unmet li[data-field=summary]:has-text("at least 80")');
    await page.fill('textarea[name=summary]', feedback.summary);
    await page.locator('#unmet li[data-field=summary]').waitFor({ state: 'detached' });
    expect(await unmetFields()).toContain('strengths');
    await screenshot(page, 'review-3-typing');

    await page.check('input[name=decision][value=advance]');
    await page.fill('input[name="scores.correctness"]', '4');
    await page.fill('input[name="scores.clarity"]', '2');
    await page.fill('textarea[name="criteria.correctness"]', feedback.criteria.correctness);
    await page.fill('textarea[name="criteria.clarity"]', feedback.criteria.clarity);
    await page.fill('textarea[name=strengths]', feedback.strengths);
    await page.fill('textarea[name=improvements]', feedback.improvements);
    await page.waitForSelector('#all-met:not([hidden])');
    expect(await unmetFields()).toEqual([]);
    expect(await page.locator('#complete').isEnabled()).toBe(true);
    await screenshot(page, 'review-4-ready');

    await page.click('#complete');
    await page.waitForURL(`${base}/review?sent=1`);
    expect(await page.locator('#sent-banner').isVisible()).toBe(true);
    expect(await page.locator('#queue-depth').innerText()).toBe('1');
    expect(await page.locator('#my-claims').innerText()).toBe('0 / 3');
    await screenshot(page, 'review-5-sent');

    const [row] = await t.dataSource.query(`SELECT f.summary, i.status FROM feedback f JOIN invitations i ON i.id = f.invitation_id WHERE f.invitation_id = $1`, [urgent.id]);
    expect(row).toEqual({ summary: feedback.summary, status: 'feedback_sent' });
  });

  it('should restore a saved draft when the reviewer comes back to the claim', async () => {
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    await t.http().put(`/api/v1/reviews/${claim.body.id}/draft`).set(reviewer.auth).send({ summary: 'Half-written thoughts', scores: { clarity: 3 } }).expect(200);
    await context.addCookies([{ name: 'candor_session', value: reviewer.token, url: base, httpOnly: true, sameSite: 'Strict' }]);
    await page.goto(`${base}/review?id=${claim.body.id}`);
    expect(await page.locator('textarea[name=summary]').inputValue()).toBe('Half-written thoughts');
    expect(await page.locator('input[name="scores.clarity"]').inputValue()).toBe('3');
    await page.click('#release');
    await page.waitForURL(`${base}/review`);
    expect(await page.locator('#queue-depth').innerText()).toBe('1');
  });
});
