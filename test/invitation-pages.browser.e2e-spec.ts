import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPublishedAssessment, createSubmission, inviteCandidate } from './factories/assessment.factory.js';
import { bulkCsv, type BulkRowBody } from './factories/bulk-invitation.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import {
  collectPageErrors,
  launchBrowser,
  listen,
  OVERFLOWING_RIGHT,
  screenshot,
  signInThroughForm,
  submitSignInForm,
} from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Evaluated in the page; strings because this project's TypeScript has no DOM types. */
const IN_PAGE = {
  // The labels the phone's list shows before each fact of the first candidate.
  phoneLabels:
    "[...document.querySelectorAll('#candidate-table tbody tr:first-child td')].map((c) => getComputedStyle(c, '::before').content)",
};

const row = (page: Page, name: string) => page.locator(`#candidate-table tr[data-name="${name}"]`);

describeInBrowser('candidates page in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let recruiter: StaffSession;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let assessmentId: string;
  let alreadyInvited: string;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    base = await listen(t);
    browser = await launchBrowser();
    recruiter = await createStaff(t, 'recruiter');
    assessmentId = (await createPublishedAssessment(t, recruiter, { title: 'Platform take-home' })).id;
    alreadyInvited = 'grace.existing@example.test';
    await inviteCandidate(t, recruiter, assessmentId, {
      candidateName: 'Grace Existing',
      candidateEmail: alreadyInvited,
    });
    // A submission whose feedback is overdue: the badge shows in the list.
    await createSubmission(t, recruiter, assessmentId);
    t.clock.advanceHours(121);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    // The refused upload's 400 is part of the story; anything else failing is not.
    pageErrors = collectPageErrors(page, {
      failedRequests: {
        provoked: (res) => res.status() === 400 && res.request().url().endsWith('/invitations/bulk'),
      },
    });
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  /** At 1360 px and at 390 px (nothing sticking out on the phone), then back. */
  async function shoot(name: string): Promise<void> {
    await screenshot(page, `${name}-1360`);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(OVERFLOWING_RIGHT)).toEqual([]);
    await screenshot(page, `${name}-390`);
    await page.setViewportSize({ width: 1360, height: 900 });
  }

  const upload = async (rows: BulkRowBody[]): Promise<void> => {
    await page.selectOption('#bulk-assessment', assessmentId);
    await page.setInputFiles('#bulk-file', {
      name: 'candidates.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bulkCsv(rows)),
    });
    await page.click('#bulk-upload');
  };

  const count = async (emailLike: string): Promise<number> =>
    (
      await t.dataSource.query<{ n: number }[]>(
        `SELECT (SELECT count(*)::int FROM invitations WHERE candidate_email LIKE $1)
              + (SELECT count(*)::int FROM outbox_messages WHERE to_address LIKE $1) AS n`,
        [emailLike],
      )
    )[0].n;

  it('should invite from a CSV all or nothing, show the links once, then extend, withdraw and resend when a recruiter works the list', async () => {
    await page.goto(`${base}/invitations`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await submitSignInForm(page, recruiter);
    await page.waitForURL(`${base}/invitations`);
    expect(await page.locator('.staff-nav a[aria-current=page]').innerText()).toBe('Candidates');
    expect(await page.locator('#candidate-table .badge.warn').first().innerText()).toBe('Overdue');
    expect(await page.locator('#list-summary').innerText()).toContain('2 candidates');

    // One bad row (a typo'd email) and one already invited: nobody is invited, both rows are named.
    const rows: BulkRowBody[] = [
      { candidateName: 'Ada Lovelace', candidateEmail: 'ada.bulk@example.test', extraMinutes: 30 },
      { candidateName: 'Alan Turing', candidateEmail: 'alan.bulk@example' },
      { candidateName: 'Barbara Liskov', candidateEmail: 'barbara.bulk@example.test' },
      { candidateName: 'Grace Existing', candidateEmail: alreadyInvited },
    ];
    await upload(rows);
    await page.locator('#bulk-errors li').first().waitFor();
    expect(
      await page.locator('#bulk-errors li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-field'))),
    ).toEqual(['rows[2].candidateEmail', 'rows[4].candidateEmail']);
    expect(await page.locator('#bulk-errors li').first().innerText()).toBe(
      'Row 2, email: email must be an email address, like name@example.com',
    );
    expect(await page.locator('#bulk-status').innerText()).toBe('Nobody was invited: 2 rows have problems.');
    expect(await count('%.bulk@example%')).toBe(0);
    await shoot('invitations-1-bulk-refused');

    // Fixed: everyone is invited and the links are shown once, with a download built in the browser.
    rows[1].candidateEmail = 'alan.bulk@example.test';
    rows.pop();
    await upload(rows);
    await page.locator('#created-links').waitFor({ state: 'visible' });
    expect(await page.locator('#bulk-status').innerText()).toBe('3 candidates invited.');
    expect(await page.locator('#bulk-problems').isHidden()).toBe(true);
    const links = await page.locator('#links-table tbody td.link').allInnerTexts();
    expect(links).toHaveLength(3);
    for (const link of links) expect(link).toMatch(/^http:\/\/candor\.test\/t\/[A-Za-z0-9_-]{43}$/);
    expect(await count('%.bulk@example.test')).toBe(6);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-links')]);
    expect(download.suggestedFilename()).toBe('candor-invitation-links.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('candidateName,candidateEmail,startBy,link');
    for (const link of links) expect(csv).toContain(link);
    await shoot('invitations-2-links-shown');

    // The list, searched: extend one candidate with a reason.
    await Promise.all([page.waitForURL(/assessmentId=/), page.click('#refresh-list')]);
    await page.fill('#filter-q', 'BULK@');
    await page.click('#filter-submit');
    await page.waitForURL(/q=BULK/);
    expect(await page.locator('#list-summary').innerText()).toBe('3 candidates, newest first.');
    expect(await page.locator('#candidate-table tbody tr').count()).toBe(3);
    expect(await page.content()).not.toContain(links[0]);
    await row(page, 'Ada Lovelace').locator('button.extend').click();
    await page.fill('#extend-minutes', '20');
    await page.fill('#extend-reason', 'Power cut in her area during the window');
    await page.click('#extend-submit');
    await page.locator('#candidates-status.done').waitFor();
    expect(await page.locator('#candidates-status').innerText()).toBe(
      'Ada Lovelace has 20 more minutes (20 extra in all).',
    );
    expect(await page.locator('#extend-form').isHidden()).toBe(true);
    const [extension] = await t.dataSource.query<{ minutes: number; reason: string }[]>(
      `SELECT e.minutes, e.reason FROM extensions e JOIN invitations i ON i.id = e.invitation_id
        WHERE i.candidate_email = 'ada.bulk@example.test'`,
    );
    expect(extension).toEqual({ minutes: 20, reason: 'Power cut in her area during the window' });

    // Withdraw another, after confirming.
    page.once('dialog', (dialog) => void dialog.accept());
    await row(page, 'Alan Turing').locator('button.withdraw').click();
    await page.locator('#candidates-status', { hasText: 'withdrawn' }).waitFor();
    expect(await row(page, 'Alan Turing').locator('.candidate-status').innerText()).toBe('Withdrawn');
    expect(await row(page, 'Alan Turing').locator('button').count()).toBe(0);

    // Resend the third: a new link, shown once.
    await row(page, 'Barbara Liskov').locator('button.resend').click();
    await page.locator('#resend-result').waitFor({ state: 'visible' });
    const newLink = await page.locator('#resend-link').innerText();
    expect(newLink).toMatch(/^http:\/\/candor\.test\/t\//);
    expect(links).not.toContain(newLink);
    expect(await count('barbara.bulk@example.test')).toBe(3);
    await shoot('invitations-3-list-after-actions');
  }, 120_000);

  it('should show one candidate with a way back to all when the page is opened with an id', async () => {
    const c = await inviteCandidate(t, recruiter, assessmentId, { candidateName: 'Only Me' });
    await signInThroughForm(page, base, recruiter, `/invitations?id=${c.invitation.id}`);
    expect(await page.locator('#candidate-table tbody tr').count()).toBe(1);
    expect(await row(page, 'Only Me').count()).toBe(1);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(IN_PAGE.phoneLabels)).toEqual(
      [
        'Candidate',
        'Assessment',
        'Status',
        'Start by',
        'Deadline',
        'Submitted',
        'Feedback due',
        'Feedback sent',
        'Actions',
      ].map((l) => `"${l}"`),
    );
    await page.click('#show-all');
    await page.waitForURL(`${base}/invitations`);
    expect(await page.locator('#candidate-table tbody tr').count()).toBeGreaterThan(1);
  }, 60_000);
});
