import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPublishedAssessment, inviteCandidate, type InvitedCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { collectPageErrors, launchBrowser, listen, screenshot } from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const USEFUL_FEEDBACK = {
  decision: 'advance',
  scores: { correctness: 4, clarity: 5 },
  criteria: {
    correctness: 'The idempotency key covers retries; the float-free sum handles large totals.',
    clarity: 'Short answers that name the trade-off before the detail, easy to follow.',
  },
  summary:
    'A careful submission: you reasoned about retries first and kept the money arithmetic exact throughout the code.',
  strengths:
    'You named the failure modes of a payout job and chose an idempotency key scoped to the payout, which is what we do.',
  improvements:
    'Say how the key expires and what happens when the ledger write succeeds but the acknowledgement is lost on the way back.',
  // On the answer the test types into question 1 (the assessment asks for at least one anchored comment).
  comments: [
    {
      questionKey: 'design',
      quote: { exact: 'idempotent with a key' },
      text: 'Right call: a key per payout makes the retry safe.',
    },
  ],
};

// A real browser on a busy CI machine: well above the default, still bounded.
const BROWSER_TEST_TIMEOUT_MS = 120_000;

const ANSWER_SAVES = '**/api/v1/candidate/attempt/answers/**';

/** Evaluated in the page; strings because this project's TypeScript has no DOM types. */
const IN_PAGE = {
  pageWidth: 'document.documentElement.scrollWidth',
  focusedId: 'document.activeElement && document.activeElement.id',
  pwned: 'window.pwned',
  unsentKeys: "Object.keys(localStorage).filter((k) => k.startsWith('candor.unsent.'))",
  // What the browser does when a sleeping laptop wakes or the tab comes back to the front.
  tabShown: "document.dispatchEvent(new Event('visibilitychange'))",
  unlabelledFields:
    "[...document.querySelectorAll('textarea, input')].filter((f) => f.labels.length === 0).map((f) => f.id)",
};

/** What the page shows, read the way a person would: visible text of one element. */
const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();

describeInBrowser('candidate page in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let recruiter: StaffSession;
  let assessmentId: string;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    browser = await launchBrowser();
    recruiter = await createStaff(t, 'recruiter');
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
  }, BROWSER_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    page = await context.newPage();
    // Script errors and CSP violations both end the test: the page must run cleanly under the real policy. Unlike
    // the staff pages' tests, this one also leaves out net::ERR_FAILED lines.
    pageErrors = collectPageErrors(page, { ignoreConsole: /Failed to load resource|net::ERR_FAILED/ });
  });

  afterEach(async () => {
    await context?.close();
    expect(pageErrors).toEqual([]);
  });

  async function savedAnswers(candidate: InvitedCandidate): Promise<Record<string, { value: string }>> {
    const res = await t.http().get('/api/v1/candidate/attempt/answers').set(candidate.candidateAuth).expect(200);
    return (res.body as { answers: Record<string, { value: string }> }).answers;
  }

  it(
    'should let a candidate read, start, type, see saved, reload, find the answers and submit when all goes well',
    async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      await page.goto(`${base}/t/${candidate.token}`);
      expect(await page.locator('h1').innerText()).toBe('Backend take-home');
      expect(await text(page, '#readings')).toContain('Correctness first.');
      expect(await text(page, '#start-button')).toContain('clock starts');
      await screenshot(page, 'candidate-1-before-start');

      await page.click('#start-button');
      await page.locator('#answers-form').waitFor();
      expect(await page.locator('#countdown').innerText()).toMatch(/^(1:00|59):\d\d$/);
      // Every field has a label a screen reader announces.
      expect(await page.evaluate(IN_PAGE.unlabelledFields)).toEqual([]);

      // Typed, then left alone: the autosave fires after the pause.
      await page.locator('#q1-answer').pressSequentially('Make the payout idempotent with a key.');
      await page.locator('#q1-state', { hasText: 'Saved at' }).waitFor();
      // Typed and left at once (blur): saved without waiting.
      await page.fill('#q2-answer', 'const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);');
      await page.keyboard.press('Tab');
      await page.locator('#q2-state', { hasText: 'Saved at' }).waitFor();
      await page.check('#q3-o2');
      await page.locator('#q3-state', { hasText: 'Saved at' }).waitFor();
      await screenshot(page, 'candidate-2-during-saved');
      expect(await savedAnswers(candidate)).toMatchObject({
        design: { value: 'Make the payout idempotent with a key.' },
        code: { value: 'const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);' },
        choice: { value: 'serializable' },
      });

      await page.reload();
      await page.locator('#q1-state', { hasText: 'Saved at' }).waitFor();
      expect(await page.inputValue('#q1-answer')).toBe('Make the payout idempotent with a key.');
      expect(await page.inputValue('#q2-answer')).toBe('const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);');
      expect(await page.isChecked('#q3-o2')).toBe(true);
      await screenshot(page, 'candidate-3-after-reload');

      // 50 minutes later on the server's clock; the page learns it when it syncs (here: the tab becoming visible).
      t.clock.advanceMinutes(50);
      await page.evaluate(IN_PAGE.tabShown);
      await page.locator('#time-warning', { hasText: '10 minutes left' }).waitFor();
      expect(await text(page, '#countdown')).toMatch(/^(10:00|9:5\d)$/);

      await page.click('#submit-button');
      await page.locator('#submit-confirm').waitFor();
      await page.click('#submit-confirm-yes');
      await page.locator('#done').waitFor();
      expect(await text(page, '#done')).toContain('You submitted your answers.');
      expect(await text(page, '#feedback-due')).toContain('A reviewer will send you written feedback by');
      expect(await page.locator('#answers-form').isVisible()).toBe(false);
      await screenshot(page, 'candidate-4-submitted');

      const invitation = await t
        .http()
        .get(`/api/v1/invitations/${candidate.invitation.id}`)
        .set(recruiter.auth)
        .expect(200);
      expect(invitation.body).toMatchObject({ status: 'submitted', submittedBy: 'candidate' });
      const due = await page.getAttribute('#feedback-due-time', 'datetime');
      expect(due).toBe(invitation.body.feedbackDueAt);

      // Later: a reviewer sends feedback, and the same link shows it.
      const reviewer = await createStaff(t, 'reviewer');
      const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
      expect(claim.body.submissionId).toBe(candidate.invitation.id);
      await t
        .http()
        .post(`/api/v1/reviews/${claim.body.id}/complete`)
        .set(reviewer.auth)
        .send(USEFUL_FEEDBACK)
        .expect(200);
      await page.reload();
      await page.locator('#feedback').waitFor();
      expect(await text(page, '#feedback-decision')).toContain('would like to take your application forward');
      expect(await text(page, '#feedback-summary')).toBe(USEFUL_FEEDBACK.summary);
      expect(await text(page, '#feedback-criteria')).toContain('Correctness');
      expect(await text(page, '#feedback-criteria')).toContain(USEFUL_FEEDBACK.criteria.clarity);
      expect(await text(page, 'mark#c-1')).toBe('idempotent with a key');
      expect(await text(page, '#comment-1 .comment-text')).toBe(USEFUL_FEEDBACK.comments[0].text);
      expect(await page.locator('#feedback-due').isVisible()).toBe(false);
      await screenshot(page, 'candidate-4b-feedback');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should start the clock without the candidate pressing again when Candor is busy for the first two tries',
    async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      await page.goto(`${base}/t/${candidate.token}`);
      // The first two starts meet an overloaded service (503, Retry-After: 1); the page tries again by itself.
      let tries = 0;
      await page.route('**/api/v1/candidate/attempt/start', (route) => {
        tries += 1;
        return tries <= 2
          ? route.fulfill({
              status: 503,
              headers: { 'retry-after': '1' },
              contentType: 'application/problem+json',
              body: '{"type":"/problems/service-busy","status":503}',
            })
          : route.continue();
      });
      await page.click('#start-button');
      await page.locator('#answers-form').waitFor();
      expect(tries).toBe(3);
      const view = await t.http().get('/api/v1/candidate/attempt').set(candidate.candidateAuth).expect(200);
      expect(view.body.status).toBe('started');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should keep an answer in the browser and send it once the server is reachable again when a save fails',
    async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      await t.http().post('/api/v1/candidate/attempt/start').set(candidate.candidateAuth).expect(200);
      await page.goto(`${base}/t/${candidate.token}`);
      await page.locator('#answers-form').waitFor();

      // First the server is down behind its proxy (503), then the network itself is gone.
      // One handler whose failure mode changes: swapping handlers would leave a gap in which a retry gets through.
      let failure: 'unavailable' | 'disconnected' = 'unavailable';
      await page.route(ANSWER_SAVES, (route) =>
        failure === 'unavailable'
          ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"status":503}' })
          : route.abort('internetdisconnected'),
      );
      await page.fill('#q1-answer', 'Written while the network was down.');
      await page.keyboard.press('Tab');
      await page.locator('#save-banner').waitFor();
      expect(await text(page, '#save-banner')).toContain('kept in this browser');
      expect(await text(page, '#q1-state')).toContain('Not saved yet');
      await screenshot(page, 'candidate-5-save-failed');
      expect(await savedAnswers(candidate)).toEqual({});

      // Submitting now would send nothing new; the confirmation names the required question still empty.
      await page.click('#submit-button');
      expect(await text(page, '#submit-confirm-text')).toBe(
        'Question 2 is required and still empty. Submit now? You will not be able to change your answers.',
      );
      await page.click('#submit-cancel');

      // A reload while unreachable: the unsent answer comes back from localStorage.
      failure = 'disconnected';
      await page.reload();
      await page.locator('#answers-form').waitFor();
      expect(await page.inputValue('#q1-answer')).toBe('Written while the network was down.');
      await page.locator('#save-banner').waitFor();
      await screenshot(page, 'candidate-6-restored-offline');

      await page.unroute(ANSWER_SAVES);
      await page.locator('#q1-state', { hasText: 'Saved at' }).waitFor({ timeout: 20_000 });
      await page.locator('#save-banner').waitFor({ state: 'hidden' });
      expect(await savedAnswers(candidate)).toMatchObject({ design: { value: 'Written while the network was down.' } });
      expect(await page.evaluate(IN_PAGE.unsentKeys)).toEqual([]);
      await screenshot(page, 'candidate-7-sent-after-reconnect');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should count down to zero on the server clock and show the attempt submitted by the deadline when time runs out',
    async () => {
      const oneMinute = await createPublishedAssessment(t, recruiter, { title: 'Quick check', timeLimitMinutes: 1 });
      const candidate = await inviteCandidate(t, recruiter, oneMinute.id);
      await context.close();
      // Keyboard only, on the narrowest phone the page supports.
      context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${base}/t/${candidate.token}`);
      expect(await page.evaluate<number>(IN_PAGE.pageWidth)).toBeLessThanOrEqual(320);
      for (let i = 0; i < 30 && (await page.evaluate(IN_PAGE.focusedId)) !== 'start-button'; i++) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await page.locator('#answers-form').waitFor();
      expect(await page.evaluate<number>(IN_PAGE.pageWidth)).toBeLessThanOrEqual(320);

      // Under two minutes from the start: the warning shows at once.
      await page.locator('#time-warning', { hasText: '1 minute left' }).waitFor();
      await page.fill('#q1-answer', 'A short but saved answer.');
      await page.keyboard.press('Tab');
      await page.locator('#q1-state', { hasText: 'Saved at' }).waitFor();
      await screenshot(page, 'candidate-8-countdown-320px');

      // The server's clock passes the deadline (still inside the grace period): the page learns it from serverNow.
      t.clock.advance(61_000);
      await page.locator('#time-up').waitFor({ timeout: 15_000 });
      expect(await text(page, '#countdown')).toBe('0:00');
      expect(await page.getAttribute('#q1-answer', 'readonly')).not.toBeNull();
      await screenshot(page, 'candidate-9-time-up');

      // Past deadline + grace the server submits; the page, polling, shows it.
      t.clock.advance(60_000);
      await t.jobs.runSweeps();
      await page.locator('#done').waitFor({ timeout: 15_000 });
      expect(await text(page, '#submitted-how')).toBe(
        'Time ran out, and your saved answers were submitted by the deadline.',
      );
      await screenshot(page, 'candidate-10-submitted-by-deadline');
      const invitation = await t
        .http()
        .get(`/api/v1/invitations/${candidate.invitation.id}`)
        .set(recruiter.auth)
        .expect(200);
      expect(invitation.body).toMatchObject({ status: 'submitted', submittedBy: 'deadline' });
      expect(await savedAnswers(candidate)).toMatchObject({ design: { value: 'A short but saved answer.' } });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should not run a script tag from a reading when the page renders it',
    async () => {
      const hostile = await createPublishedAssessment(t, recruiter, {
        title: 'Hostile reading',
        sections: [
          {
            kind: 'reading',
            title: 'About us',
            body: 'Hello.\n\n<script>window.pwned = true</script>\n\n<img src="/nope.png" onerror="window.pwned = true">\n\n[link](javascript:window.pwned=true)',
          },
          { kind: 'question', key: 'q', prompt: 'Anything?', type: 'text' },
        ],
      });
      const candidate = await inviteCandidate(t, recruiter, hostile.id);
      await page.goto(`${base}/t/${candidate.token}`);
      await page.waitForLoadState('load');
      expect(await text(page, '#readings')).toContain('Hello.');
      expect(await page.evaluate(IN_PAGE.pwned)).toBeUndefined();
      expect(await page.$$eval('script', (scripts) => scripts.map((s) => s.getAttribute('src')))).toEqual([
        '/assets/candidate.js',
      ]);
      expect(await page.$$eval('[onerror], [onclick], a[href^="javascript"]', (found) => found.length)).toBe(0);
      await page.locator('#readings a').click();
      expect(await page.evaluate(IN_PAGE.pwned)).toBeUndefined();
      await screenshot(page, 'candidate-11-hostile-reading');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should show the unknown-link page when the token does not exist',
    async () => {
      const response = await page.goto(`${base}/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('This link is not valid');
      await screenshot(page, 'candidate-12-unknown-link');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
