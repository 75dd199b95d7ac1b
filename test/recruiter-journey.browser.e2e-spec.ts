import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { bulkCsv, type BulkRowBody } from './factories/bulk-invitation.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import {
  collectPageErrors,
  launchBrowser,
  listen,
  OVERFLOWING_RIGHT_OUTSIDE_SCROLL_BOXES,
  screenshot,
  signInThroughForm,
} from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue #16's story from end to end, across the recruiter's pages: write an assessment, preview it as the
 * candidate, publish it, invite from a CSV (refused whole for one bad row, then accepted), extend one candidate,
 * withdraw another, and find the one who submitted waiting for feedback on the dashboard. The screenshots
 * (`journey-*`) are the README's "A recruiter's first ten minutes". Each page's details have their own suites.
 */
describeInBrowser("a recruiter's first ten minutes in a real browser (Chromium)", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let recruiter: StaffSession;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    base = await listen(t);
    browser = await launchBrowser();
    recruiter = await createStaff(t, 'recruiter');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  /** The page at 1360 px and at 390 px; at neither may anything stick out sideways. */
  async function shoot(name: string): Promise<void> {
    expect(await page.evaluate(OVERFLOWING_RIGHT_OUTSIDE_SCROLL_BOXES)).toEqual([]);
    await screenshot(page, `journey-${name}-desktop`);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(OVERFLOWING_RIGHT_OUTSIDE_SCROLL_BOXES)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(
      true,
    );
    await screenshot(page, `journey-${name}-phone`);
    await page.setViewportSize({ width: 1360, height: 900 });
  }

  /** Adds a section (or criterion) with its button and returns the new item's id (its fields are `#<id>-<name>`). */
  async function add(button: string, list: string): Promise<string> {
    await page.click(button);
    return (await page.locator(`${list} > li`).last().getAttribute('id'))!;
  }

  /** The candidate's side, through the API, with the token from the link the recruiter was shown. */
  async function takeTheTest(link: string): Promise<void> {
    const auth = { Authorization: `Bearer ${new URL(link).pathname.split('/').pop()!}` };
    await t.http().post('/api/v1/candidate/attempt/start').set(auth).expect(200);
    const answers = { story: 'I would make the payout idempotent with a key per payout.', impl: 'def pay(): ...' };
    for (const [key, value] of Object.entries({ ...answers, pick: 'serializable' }))
      await t.http().put(`/api/v1/candidate/attempt/answers/${key}`).set(auth).send({ value }).expect(200);
    await t.http().post('/api/v1/candidate/attempt/submit').set(auth).expect(200);
  }

  it('should take a recruiter from an empty Candor to a candidate waiting for feedback when they use the pages alone', async () => {
    // Signed in at plain /login, a recruiter lands on the dashboard and finds the other pages in the header.
    await signInThroughForm(page, base, recruiter);
    await page.click('.staff-nav a[href="/assessments"]');
    await page.waitForURL(`${base}/assessments`);
    await page.click('#new-assessment');
    await page.waitForURL(`${base}/assessments/new`);

    // Write: the settings, a reading, a text, a code and a choice question, and the rubric.
    await page.fill('#field-title', 'Payments take-home');
    await page.fill('#field-roleTitle', 'Backend Engineer');
    await page.fill('#field-team', 'Payments');
    await page.fill('#field-timeLimitMinutes', '60');
    const reading = await add('#add-reading', '#section-list');
    await page.fill(`#${reading}-title`, 'How we pay small shops');
    await page.fill(`#${reading}-body`, 'Every night we pay **thousands of shops**. A payout must never run twice.');
    await page.locator(`#${reading}-body-preview strong`).waitFor();
    const story = await add('#add-question', '#section-list');
    await page.fill(`#${story}-key`, 'story');
    await page.fill(`#${story}-prompt`, 'How would you make a payout safe to retry?');
    await page.fill(`#${story}-expectedMinutes`, '20');
    const impl = await add('#add-question', '#section-list');
    await page.fill(`#${impl}-key`, 'impl');
    await page.selectOption(`#${impl}-type`, 'code');
    await page.selectOption(`#${impl}-language`, 'python');
    await page.fill(`#${impl}-prompt`, 'Sketch the payout job.');
    await page.fill(`#${impl}-expectedMinutes`, '30');
    const pick = await add('#add-question', '#section-list');
    await page.fill(`#${pick}-key`, 'pick');
    await page.selectOption(`#${pick}-type`, 'choice');
    await page.fill(`#${pick}-prompt`, 'Which isolation level would you pick?');
    await page.fill(`#${pick}-options`, 'read committed\nserializable');
    await page.fill(`#${pick}-expectedMinutes`, '5');
    expect(await page.locator('#length-guidance').innerText()).toBe('Questions add up to 55 of 60 minutes: fits.');
    const criterion = (await page.locator('#rubric-list > li').first().getAttribute('id'))!;
    await page.fill(`#${criterion}-title`, 'Correctness');
    await page.fill(`#${criterion}-description`, 'Does the payout hold up when the job runs twice?');
    await page.click('#save');
    await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
    const assessmentId = new URL(page.url()).pathname.split('/')[2];
    await shoot('1-editor');

    // Preview as the candidate: the whole page, the clock running in the browser, nothing stored.
    await page.click('#preview-link');
    await page.waitForURL(`${base}/assessments/${assessmentId}/preview`);
    await page.click('#start-button');
    await page.locator('#timer-bar').waitFor();
    expect(await page.locator('#countdown').innerText()).toMatch(/^(1:00:00|59:[0-5]\d)$/);
    await page.locator('#q1-answer').fill('Trying it as a candidate would.');
    await shoot('2-preview');
    expect((await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM answers'))[0].n).toBe(0);

    // Publish: version 1.
    await page.goto(`${base}/assessments/${assessmentId}`);
    await page.click('#publish');
    await page.locator('#versions-table tr[data-version="1"]').waitFor();
    expect(await page.locator('#status-line').innerText()).toContain('Published, version 1');

    // Invite from a CSV: one bad row refuses all and is named; fixed, everyone is invited and the links shown once.
    await page.click('.staff-nav a[href="/invitations"]');
    await page.waitForURL(`${base}/invitations`);
    const rows: BulkRowBody[] = [
      { candidateName: 'Ada Lovelace', candidateEmail: 'ada@example.test' },
      { candidateName: 'Alan Turing', candidateEmail: 'alan@example' },
      { candidateName: 'Barbara Liskov', candidateEmail: 'barbara@example.test', extraMinutes: 15 },
    ];
    const upload = async (): Promise<void> => {
      await page.selectOption('#bulk-assessment', assessmentId);
      await page.setInputFiles('#bulk-file', {
        name: 'candidates.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(bulkCsv(rows)),
      });
      await page.click('#bulk-upload');
    };
    await upload();
    await page.locator('#bulk-errors li').first().waitFor();
    expect(
      await page.locator('#bulk-errors li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-field'))),
    ).toEqual(['rows[2].candidateEmail']);
    expect((await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM invitations'))[0].n).toBe(0);
    await shoot('3-csv-refused');
    rows[1].candidateEmail = 'alan@example.test';
    await upload();
    await page.locator('#created-links').waitFor({ state: 'visible' });
    const links = await page.locator('#links-table tbody td.link').allInnerTexts();
    expect(links).toHaveLength(3);
    await shoot('4-links');

    // Ada takes the test and submits; Barbara needs more time; Alan's invitation is withdrawn.
    await takeTheTest(links[0]);
    await Promise.all([page.waitForURL(/assessmentId=/), page.click('#refresh-list')]);
    const row = (name: string) => page.locator(`#candidate-table tr[data-name="${name}"]`);
    await row('Barbara Liskov').locator('button.extend').click();
    await page.fill('#extend-minutes', '30');
    await page.fill('#extend-reason', 'Asked for more time: she has a deadline at work this week');
    await page.click('#extend-submit');
    await page.locator('#candidates-status.done').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await row('Alan Turing').locator('button.withdraw').click();
    await page.locator('#candidates-status', { hasText: 'withdrawn' }).waitFor();
    expect(await row('Alan Turing').locator('.candidate-status').innerText()).toBe('Withdrawn');
    expect(await row('Ada Lovelace').locator('.candidate-status').innerText()).toBe('Submitted');
    await shoot('5-candidates');

    // The dashboard: Ada waits for feedback, unclaimed, and her row leads back to her invitation.
    await page.click('.staff-nav a[href="/dashboard"]');
    await page.waitForURL(`${base}/dashboard`);
    const waiting = page.locator('#waiting-for-feedback tbody tr');
    expect(await waiting.count()).toBe(1);
    expect(await waiting.first().innerText()).toContain('Ada Lovelace');
    expect(await waiting.first().innerText()).toContain('unclaimed');
    await shoot('6-dashboard');
    await waiting.first().locator('a').first().click();
    await page.waitForURL(/\/invitations\?id=/);
    expect(await page.locator('#candidate-table tbody tr').count()).toBe(1);
    expect(await row('Ada Lovelace').count()).toBe(1);
  }, 180_000);
});
