import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPublishedAssessment } from './factories/assessment.factory.js';
import { seedAssessment, seedSubmission } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import {
  collectPageErrors,
  launchBrowser,
  listen,
  OVERFLOWING_RIGHT,
  screenshot,
  signInThroughForm,
} from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// In-page code as strings: the test project compiles without the DOM library.
const IN_PAGE = {
  focusedId: 'document.activeElement && document.activeElement.id',
  focusedMatches: (selector: string): string =>
    `!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`,
  inCodeEditor: "!!(document.activeElement && document.activeElement.closest('.cm-editor'))",
  sectionOrder: `[...document.querySelectorAll('#section-list > li')].map((li) =>
    li.dataset.kind === 'reading' ? 'reading' : li.querySelector('[data-name=key]').value)`,
};

describeInBrowser('assessment pages in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let recruiter: StaffSession;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    base = await listen(t);
    browser = await launchBrowser();
    recruiter = await createStaff(t, 'recruiter');
    await createPublishedAssessment(t, recruiter, { title: 'Frontend take-home', roleTitle: 'Frontend Engineer' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  const signIn = (): Promise<void> => signInThroughForm(page, base, recruiter, '/assessments');

  /**
   * Presses Tab (or Shift+Tab, backwards) until the focus is on `selector`: the control is reachable from the
   * keyboard, in the page's order.
   */
  async function tabTo(selector: string, { backwards = false, maxPresses = 150 } = {}): Promise<void> {
    for (let i = 0; i < maxPresses; i += 1) {
      if (await page.evaluate<boolean>(IN_PAGE.focusedMatches(selector))) return;
      // In the candidate page's code editor Tab indents; Escape first lets the next Tab leave it.
      if (await page.evaluate<boolean>(IN_PAGE.inCodeEditor)) await page.keyboard.press('Escape');
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  const focusedId = (): Promise<string> => page.evaluate<string>(IN_PAGE.focusedId);

  /** The same state at desktop and phone width; at the phone width nothing may stick out sideways. */
  async function screenshots(name: string): Promise<void> {
    await screenshot(page, `${name}-1360`);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(OVERFLOWING_RIGHT)).toEqual([]);
    await screenshot(page, `${name}-390`);
    await page.setViewportSize({ width: 1360, height: 1000 });
  }

  const count = async (table: string): Promise<number> =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('should let a recruiter write, fix, preview as the candidate and publish an assessment with the keyboard alone', async () => {
    await signIn();
    expect(await page.locator('#assessment-list tbody tr').count()).toBe(1);
    expect(await page.locator('#metrics-window').innerText()).toContain('last 90 days');
    await screenshots('assessments-1-list');

    // New assessment: the settings.
    await tabTo('#new-assessment');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/assessments/new`);
    await tabTo('#field-title');
    await page.keyboard.type('Payments take-home');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('field-roleTitle');
    await page.keyboard.type('Backend Engineer');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Payments');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('field-timeLimitMinutes');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('60');

    // A reading, with the live preview the candidate's page would show.
    await tabTo('#add-reading');
    await page.keyboard.press('Enter');
    const reading = (await focusedId()).replace(/-title$/, '');
    expect(await focusedId()).toBe(`${reading}-title`);
    await page.keyboard.type('About the team');
    await tabTo(`#${reading}-body`);
    await page.keyboard.type('We build **ledgers** for small shops.\n\n- payouts run nightly');
    await page.locator(`#${reading}-body-preview strong`).waitFor();
    expect(await page.locator(`#${reading}-body-preview strong`).innerText()).toBe('ledgers');
    expect(await page.locator(`#${reading}-body-preview li`).innerText()).toBe('payouts run nightly');

    // Three questions: text, code (with a language), choice (its prompt forgotten, to be fixed later).
    const addQuestion = async (): Promise<string> => {
      await tabTo('#add-question');
      await page.keyboard.press('Enter');
      const id = await focusedId();
      expect(id).toMatch(/-key$/);
      return id.replace(/-key$/, '');
    };
    const text = await addQuestion();
    await tabTo(`#${text}-expectedMinutes`);
    await page.keyboard.type('20');
    await tabTo(`#${text}-prompt`);
    await page.keyboard.type('How would you make a `payout` job **safe to retry**?');

    const code = await addQuestion();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('impl');
    await tabTo(`#${code}-type`);
    await page.keyboard.type('Code');
    expect(await page.locator(`#${code}-type`).inputValue()).toBe('code');
    await tabTo(`#${code}-language`);
    await page.keyboard.type('Python');
    expect(await page.locator(`#${code}-language`).inputValue()).toBe('python');
    await tabTo(`#${code}-expectedMinutes`);
    await page.keyboard.type('40');
    await tabTo(`#${code}-prompt`);
    await page.keyboard.type('Write the retry loop.');
    expect(await page.locator('#length-guidance').innerText()).toBe('Questions add up to 60 of 60 minutes: fits.');

    const choice = await addQuestion();
    await tabTo(`#${choice}-type`);
    await page.keyboard.type('Choice');
    expect(await page.locator(`#${choice}-type`).inputValue()).toBe('choice');
    await tabTo(`#${choice}-expectedMinutes`);
    await page.keyboard.type('15');
    expect(await page.locator('#length-guidance').innerText()).toBe('Questions add up to 75 of 60 minutes: too long.');
    await tabTo(`#${choice}-options`);
    await page.keyboard.type('read committed\nserializable');
    // Too long: the estimate comes down.
    await tabTo(`#${choice}-expectedMinutes`, { backwards: true });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5');
    expect(await page.locator('#length-guidance').innerText()).toBe('Questions add up to 65 of 60 minutes: too long.');

    // Reorder with the buttons: the code question moves above the text question, the focus stays on the button.
    await tabTo(`#${code} .move-up`, { backwards: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string[]>(IN_PAGE.sectionOrder)).toEqual(['reading', 'impl', 'q1', 'q2']);
    expect(await page.evaluate<boolean>(IN_PAGE.focusedMatches(`#${code} .move-up`))).toBe(true);
    await page.keyboard.press('Space');
    expect(await page.evaluate<string[]>(IN_PAGE.sectionOrder)).toEqual(['impl', 'reading', 'q1', 'q2']);
    await tabTo(`#${code} .move-down`);
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string[]>(IN_PAGE.sectionOrder)).toEqual(['reading', 'impl', 'q1', 'q2']);

    // The rubric's first criterion.
    const criterion = (await page.locator('#rubric-list > li').first().getAttribute('id'))!;
    await tabTo(`#${criterion}-title`);
    await page.keyboard.type('Correctness');
    await tabTo(`#${criterion}-description`);
    await page.keyboard.type('Does it hold up when the job runs twice?');

    // Save: the API refuses the missing prompt, named beside its field and in a summary that takes the focus.
    await tabTo('#save');
    await page.keyboard.press('Enter');
    await page.locator('#error-summary').waitFor();
    expect(await focusedId()).toBe('error-summary');
    expect(await page.locator('#error-summary').innerText()).toContain('Section 4, Prompt: must not be empty');
    expect(await page.locator(`#${choice}-prompt-error`).innerText()).toBe('Prompt must not be empty or only spaces.');
    expect(await page.locator(`#${choice}-prompt`).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${choice}-prompt`).getAttribute('aria-describedby')).toContain(
      `${choice}-prompt-error`,
    );
    expect(page.url()).toBe(`${base}/assessments/new`);
    expect(await count('assessments')).toBe(1);
    await screenshots('assessments-2-editor-error');

    // The summary's link leads to the field; fixed, the draft saves.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focusedId()).toBe(`${choice}-prompt`);
    await page.keyboard.type('Which isolation level would you pick?');
    await tabTo('#save');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/')[2];
    expect(await page.locator('#editor-status').innerText()).toContain('Saved as a draft');
    const saved = await t.http().get(`/api/v1/assessments/${id}`).set(recruiter.auth).expect(200);
    expect(saved.body.sections).toEqual([
      {
        kind: 'reading',
        title: 'About the team',
        body: 'We build **ledgers** for small shops.\n\n- payouts run nightly',
      },
      {
        kind: 'question',
        key: 'impl',
        prompt: 'Write the retry loop.',
        type: 'code',
        language: 'python',
        required: true,
        expectedMinutes: 40,
      },
      {
        kind: 'question',
        key: 'q1',
        prompt: 'How would you make a `payout` job **safe to retry**?',
        type: 'text',
        required: true,
        expectedMinutes: 20,
      },
      {
        kind: 'question',
        key: 'q2',
        prompt: 'Which isolation level would you pick?',
        type: 'choice',
        options: ['read committed', 'serializable'],
        required: true,
        expectedMinutes: 5,
      },
    ]);
    expect(saved.body.rubric).toEqual([
      {
        key: 'criterion-1',
        title: 'Correctness',
        description: 'Does it hold up when the job runs twice?',
        maxScore: 5,
      },
    ]);
    expect(await page.locator('#length-guidance').innerText()).toBe('Questions add up to 65 of 60 minutes: too long.');
    expect(await page.locator('#no-versions').isVisible()).toBe(true);
    await screenshots('assessments-3-editor');

    // Preview as the candidate: a change not saved yet is saved first, so the preview shows the screen.
    await tabTo('#section-list > li:first-child [data-name=title]');
    await page.keyboard.press('End');
    await page.keyboard.type(' and its work');
    const invitations = await count('invitations');
    await tabTo('#preview-link');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/assessments/${id}/preview`);
    expect(await page.locator('#preview-banner').innerText()).toContain('Preview: nothing you type is saved');
    expect(await page.locator('#reading-1').innerText()).toBe('About the team and its work');
    expect(await page.locator('.reading .prose strong').innerText()).toBe('ledgers');
    expect(await page.locator('#answers-form').isVisible()).toBe(false);
    await screenshots('assessments-4-preview-before');
    await tabTo('#start-button');
    await page.keyboard.press('Enter');
    await page.locator('#timer-bar').waitFor();
    expect(await page.locator('#countdown').innerText()).toMatch(/^(1:00:00|59:[0-5]\d)$/);
    expect(await focusedId()).toBe('q1-answer');
    expect(await page.locator('#q1-heading').innerText()).toContain('Question 1 of 3');
    expect(await page.locator('#q2 .prompt strong').innerText()).toBe('safe to retry');
    await page.keyboard.type('def retry(job):\n    return job.run()');
    await page.locator('#q1-state:has-text("Saved at")').waitFor();
    await screenshots('assessments-5-preview-during');
    await tabTo('#submit-button');
    await page.keyboard.press('Enter');
    // "Keep working" has the focus (Enter twice must not submit): the recruiter moves on to "Yes, submit".
    expect(await focusedId()).toBe('submit-cancel');
    await tabTo('#submit-confirm-yes');
    await page.keyboard.press('Enter');
    await page.locator('#done').waitFor();
    expect(await page.locator('#done-heading').innerText()).toBe('Your answers are submitted');
    // The whole attempt stayed in the browser: the server has no answer, invitation or submission.
    expect(await count('answers')).toBe(0);
    expect(await count('invitations')).toBe(invitations);

    // Publish from the editor: version 1 in the history.
    await page.goto(`${base}/assessments/${id}`);
    await tabTo('#publish');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/assessments/${id}`);
    await page.locator('#versions-table').waitFor();
    expect(await page.locator('#status-line').innerText()).toContain('Published, version 1');
    expect(await page.locator('#versions-table tbody tr').count()).toBe(1);
    expect(await page.locator('#versions-table tr[data-version="1"]').innerText()).toContain('Payments take-home');
    expect(await page.locator('#editor-status').innerText()).toContain('Published');
    await screenshots('assessments-6-published');

    // Revise opens a draft of version 2; version 1 stays in the history.
    await tabTo('#revise');
    await page.keyboard.press('Enter');
    await page.locator('#assessment-form').waitFor();
    expect(await page.locator('#status-line').innerText()).toContain('Draft of version 2');
    expect(await page.locator('#versions-table tbody tr').count()).toBe(1);

    await page.goto(`${base}/assessments`);
    const row = page.locator(`tr[data-assessment-id="${id}"]`);
    expect(await row.innerText()).toContain('Payments take-home');
    expect(await row.locator('td[data-label=Version]').innerText()).toBe('v1');
  });

  it('should show a published assessment read-only with Revise when a recruiter opens it', async () => {
    const published = await createPublishedAssessment(t, recruiter, { title: 'Read-only check' });
    await signInThroughForm(page, base, recruiter, `/assessments/${published.id}`);
    expect(await page.locator('#assessment-form').count()).toBe(0);
    expect(await page.locator('#revise').isVisible()).toBe(true);
    expect(await page.locator('.read-only .prose strong').first().innerText()).toBe('Correctness first.');
  });

  it('should badge an assessment too long in the list and on its page when most attempts ran out of time', async () => {
    const seeded = await seedAssessment(t, recruiter.id);
    const submittedAt = new Date(t.clock.now().getTime() - 3_600_000);
    for (let i = 0; i < 3; i += 1) await seedSubmission(t, seeded, { submittedAt });
    await t.dataSource.query(`UPDATE invitations SET submitted_by = 'deadline' WHERE assessment_id = $1`, [
      seeded.assessmentId,
    ]);
    await signIn();
    const row = page.locator(`tr[data-assessment-id="${seeded.assessmentId}"]`);
    expect(await row.locator('[data-metric=submitted]').innerText()).toBe('3');
    expect(await row.locator('[data-metric=minutes]').innerText()).toBe('50 of 60 min');
    expect(await row.locator('[data-metric=too-long]').innerText()).toBe('Too long');
    await row.locator('a').click();
    await page.waitForURL(`${base}/assessments/${seeded.assessmentId}`);
    expect(await page.locator('#metrics-signal').innerText()).toContain(
      'Too long for its limit: more than 30 % of attempts ran out of time.',
    );
  });
});
