import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPublishedAssessment, inviteCandidate, type InvitedCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { collectPageErrors, launchBrowser, listen, OVERFLOWING_RIGHT, screenshot } from './support/browser.js';
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
  // The code editor's field is labelled by its question's heading.
  editorLabel:
    "[...document.querySelectorAll('.cm-content')].map((c) => document.getElementById(c.getAttribute('aria-labelledby')).textContent.trim())",
  inEditor: "!!(document.activeElement && document.activeElement.closest('.cm-editor'))",
  scrollToBottom: 'window.scrollTo(0, document.body.scrollHeight)',
  barBottom: "document.getElementById('timer-bar').getBoundingClientRect().bottom",
  viewportHeight: 'window.innerHeight',
};

/** Where an element is on the screen now (top and bottom, in CSS pixels from the top of the window). */
async function placeOf(page: Page, selector: string): Promise<{ top: number; bottom: number }> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return { top: box.y, bottom: box.y + box.height };
}

/** Types into a code question's editor (CodeMirror), as a person at the keyboard would. */
async function typeCode(page: Page, question: string, code: string): Promise<void> {
  await page.locator(`#${question} .cm-content`).click();
  await page.keyboard.insertText(code);
}

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
      // Typed in the code editor and left at once (Escape, then Tab): saved without waiting.
      await typeCode(page, 'q2', 'const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);');
      await page.keyboard.press('Escape');
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
      expect(await text(page, '#q2 .cm-content')).toBe('const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);');
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

      // The test is rated once: length and what it taught, then the stored rating replaces the form.
      await page.locator('#test-rating-form').waitFor();
      await page.click('#test-rating-submit');
      expect(await text(page, '#test-rating-error')).toBe('Choose how fair the length was, from 1 to 5.');
      await page.check('#test-length-4');
      await page.check('#test-learning-5');
      await page.fill('#test-rating-comment', 'Fair and focused.');
      await page.click('#test-rating-submit');
      await page.locator('#test-rating-thanks').waitFor();
      expect(await text(page, '#test-rating-thanks-summary')).toBe('Length: 4 of 5. What it taught you: 5 of 5.');
      const stored = await t.dataSource.query<{ length: number; learning: number; comment: string }[]>(
        `SELECT length, learning, comment FROM candidate_ratings WHERE invitation_id = $1 AND stage = 'after_submit'`,
        [candidate.invitation.id],
      );
      expect(stored).toEqual([{ length: 4, learning: 5, comment: 'Fair and focused.' }]);
      await page.reload();
      await page.locator('#test-rating-thanks').waitFor();
      expect(await page.locator('#test-rating-form').count()).toBe(0);
      expect(await text(page, '#test-rating-thanks-summary')).toBe('Length: 4 of 5. What it taught you: 5 of 5.');
      await screenshot(page, 'candidate-4a-test-rated');

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
      await page.locator('#time-warning', { hasText: 'Under a minute left' }).waitFor();
      await page.fill('#q1-answer', 'A short but saved answer.');
      await page.keyboard.press('Tab');
      await page.locator('#q1-state', { hasText: 'Saved at' }).waitFor();
      await screenshot(page, 'candidate-8-countdown-320px');

      // The server's clock passes the deadline (still inside the grace period): the page learns it from serverNow.
      t.clock.advance(61_000);
      await page.locator('#time-up').waitFor({ timeout: 15_000 });
      expect(await text(page, '#countdown')).toBe('0:00');
      // In view wherever the candidate is on the page: it is part of the sticky bar.
      const timeUp = await placeOf(page, '#time-up');
      expect(timeUp.top).toBeGreaterThanOrEqual(0);
      expect(timeUp.bottom).toBeLessThanOrEqual(await page.evaluate<number>(IN_PAGE.viewportHeight));
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
        '/assets/build/candidate.page.js',
        null, // the messages' JSON data block, never run
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

  it(
    'should indent with Tab in the code editor, highlight the question’s language and leave with Escape then Tab when a candidate writes code',
    async () => {
      const coding = await createPublishedAssessment(t, recruiter, {
        title: 'Python warm-up',
        sections: [
          { kind: 'question', key: 'fn', prompt: 'Write `total(xs)`.', type: 'code', language: 'python' },
          { kind: 'question', key: 'why', prompt: 'Why that way?', type: 'text' },
        ],
      });
      const candidate = await inviteCandidate(t, recruiter, coding.id);
      await t.http().post('/api/v1/candidate/attempt/start').set(candidate.candidateAuth).expect(200);
      await page.goto(`${base}/t/${candidate.token}`);
      await page.locator('#q1 .cm-editor').waitFor();
      // The plain textarea stays in the page (and works without the script), hidden behind the editor.
      expect(await page.locator('#q1-answer').isHidden()).toBe(true);
      expect(await page.evaluate(IN_PAGE.editorLabel)).toEqual(['Question 1 of 2 (required)']);
      expect(await text(page, '#q1-label')).toBe('Your answer to question 1 (code in Python)');
      expect(await page.locator('#q1 .cm-lineNumbers').count()).toBe(1);

      await typeCode(page, 'q1', 'def total(xs):');
      await page.keyboard.press('Enter');
      await page.keyboard.insertText('return sum(xs)');
      await page.keyboard.press('Home');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(IN_PAGE.inEditor)).toBe(true);
      // Python's own indentation (four spaces after the colon) and one more level from Tab.
      expect(await page.inputValue('#q1-answer')).toBe('def total(xs):\n        return sum(xs)');
      // Highlighted: the keyword is a token of its own.
      expect(await page.locator('#q1 .cm-content span', { hasText: 'def' }).count()).toBeGreaterThan(0);

      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(IN_PAGE.inEditor)).toBe(false);
      await page.locator('#q1-state', { hasText: 'Saved at' }).waitFor();
      expect(await savedAnswers(candidate)).toMatchObject({
        fn: { value: 'def total(xs):\n        return sum(xs)' },
      });
      await screenshot(page, 'candidate-13-code-editor');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should open at question 1 with the focus in its answer when the candidate presses Start far down the page',
    async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      await page.goto(`${base}/t/${candidate.token}`);
      expect(await text(page, '#fact-questions')).toBe(
        '3 questions: 1 written answer, 1 code question, 1 multiple-choice question',
      );
      expect(await text(page, '#fact-feedback')).toContain('within 5 days after you submit');
      await page.evaluate(IN_PAGE.scrollToBottom);
      await page.click('#start-button');
      await page.locator('#answers-form').waitFor();
      await page.waitForFunction("document.activeElement && document.activeElement.id === 'q1-answer'");
      const q1 = await placeOf(page, '#q1-heading');
      expect(q1.top).toBeGreaterThanOrEqual(await page.evaluate<number>(IN_PAGE.barBottom));
      expect(q1.bottom).toBeLessThanOrEqual(await page.evaluate<number>(IN_PAGE.viewportHeight));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should follow typing, saving and going offline in the navigator and the one save status',
    async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      await t.http().post('/api/v1/candidate/attempt/start').set(candidate.candidateAuth).expect(200);
      await page.goto(`${base}/t/${candidate.token}`);
      await page.locator('#question-nav').waitFor();
      expect(await text(page, '#answered-count')).toBe('0 of 3 answered');
      expect(await text(page, '#save-status')).toBe('Nothing to save yet');
      expect(await page.getAttribute('#nav-q1', 'class')).toContain('is-empty');

      await page.locator('#q1-answer').pressSequentially('Idempotent');
      expect(await text(page, '#answered-count')).toBe('1 of 3 answered');
      expect(await page.getAttribute('#nav-q1', 'class')).toContain('is-pending');
      expect(await text(page, '#save-status')).toBe('1 answer not saved yet');
      await page.locator('#nav-q1.is-saved').waitFor();
      expect(await text(page, '#save-status')).toBe('All answers saved');
      expect(await text(page, '#nav-q1')).toContain('Question 1: answered, saved');

      await page.check('#q3-o1');
      await page.locator('#nav-q3.is-saved').waitFor();
      expect(await text(page, '#answered-count')).toBe('2 of 3 answered');

      // The connection drops: the answer is kept in the browser, and both the navigator and the status say so.
      await context.setOffline(true);
      await page.locator('#q1-answer').pressSequentially(' keys');
      await page.locator('#nav-q1.is-offline').waitFor();
      expect(await text(page, '#save-status')).toBe('Offline: answers kept in this browser');
      await screenshot(page, 'candidate-14-navigator-offline');
      await context.setOffline(false);
      await page.locator('#nav-q1.is-saved').waitFor({ timeout: 20_000 });
      expect(await text(page, '#save-status')).toBe('All answers saved');
      expect(await savedAnswers(candidate)).toMatchObject({ design: { value: 'Idempotent keys' } });

      // A jump link brings its question into view with the focus in its answer.
      await page.evaluate(IN_PAGE.scrollToBottom);
      await page.click('#nav-q1');
      expect(await page.evaluate(IN_PAGE.focusedId)).toBe('q1-answer');
      expect((await placeOf(page, '#q1-heading')).top).toBeGreaterThanOrEqual(
        await page.evaluate<number>(IN_PAGE.barBottom),
      );
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should announce the new end time and move the countdown when a recruiter extends the attempt',
    async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      await t.http().post('/api/v1/candidate/attempt/start').set(candidate.candidateAuth).expect(200);
      await page.goto(`${base}/t/${candidate.token}`);
      await page.locator('#question-nav').waitFor();
      const before = await page.getAttribute('#deadline-time', 'datetime');
      const extended = await t
        .http()
        .post(`/api/v1/invitations/${candidate.invitation.id}/extensions`)
        .set(recruiter.auth)
        .send({ minutes: 15, reason: 'A power cut at the candidate’s home.' })
        .expect(200);
      const newDeadline = extended.body.deadline as string;
      expect(Date.parse(newDeadline) - Date.parse(before!)).toBe(15 * 60_000);
      // The page learns of it at its next sync (here: the tab coming back to the front).
      await page.evaluate(IN_PAGE.tabShown);
      await page.locator('#time-extended').waitFor();
      expect(await page.getAttribute('#time-extended', 'aria-live')).toBe('polite');
      expect(await page.getAttribute('#deadline-time', 'datetime')).toBe(newDeadline);
      // The browser runs in UTC here, so the new end reads as the ISO time's hours and minutes.
      const hhmm = newDeadline.slice(11, 16);
      expect(await text(page, '#time-extended')).toBe(
        `You have been given more time: your attempt now ends at ${hhmm} UTC.`,
      );
      expect(await text(page, '#deadline-time')).toContain(hhmm);
      expect(await text(page, '#countdown')).toMatch(/^1:1\d:\d\d$/);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should keep the candidate working when Enter is pressed twice on Submit',
    async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      await t.http().post('/api/v1/candidate/attempt/start').set(candidate.candidateAuth).expect(200);
      await page.goto(`${base}/t/${candidate.token}`);
      await page.locator('#question-nav').waitFor();
      await page.focus('#submit-button');
      await page.keyboard.press('Enter');
      await page.locator('#submit-confirm').waitFor();
      expect(await page.evaluate(IN_PAGE.focusedId)).toBe('submit-cancel');
      await page.keyboard.press('Enter');
      await page.locator('#submit-confirm').waitFor({ state: 'hidden' });
      expect(await page.evaluate(IN_PAGE.focusedId)).toBe('submit-button');
      expect(await page.locator('#done').isVisible()).toBe(false);
      const view = await t.http().get('/api/v1/candidate/attempt').set(candidate.candidateAuth).expect(200);
      expect(view.body.status).toBe('started');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should write text and dates in one language (English) when the browser asks for German',
    async () => {
      await context.close();
      context = await browser.newContext({
        viewport: { width: 1024, height: 800 },
        locale: 'de-DE',
        timezoneId: 'Europe/Berlin',
      });
      page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      await page.goto(`${base}/t/${candidate.token}`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      // Rewritten by the script in the candidate's zone, in the page's language: no German month or weekday.
      const startBy = await text(page, '.facts time');
      const englishDate = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? \d{1,2} March 2026,? (at )?\d\d:\d\d CET$/;
      expect(startBy).toMatch(englishDate);
      await page.click('#start-button');
      await page.locator('#answers-form').waitFor();
      // The sticky bar's short form: weekday and time.
      expect(await text(page, '#deadline-time')).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? \d\d:\d\d CET$/);
      expect(await text(page, '#answered-count')).toBe('0 of 3 answered');
      expect(await page.locator('body').innerText()).not.toMatch(/März|Montag|Mo\.|Uhr/);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should fit at desktop and phone widths with nothing sticking out when the attempt is under way',
    async () => {
      const candidate = await inviteCandidate(t, recruiter, assessmentId);
      for (const [width, height, name] of [
        [1360, 900, 'desktop-1360'],
        [390, 844, 'phone-390'],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(`${base}/t/${candidate.token}`);
        await page.locator('#start-section').waitFor();
        expect(await page.evaluate(OVERFLOWING_RIGHT)).toEqual([]);
        await screenshot(page, `candidate-15-before-${name}`);
      }
      await t.http().post('/api/v1/candidate/attempt/start').set(candidate.candidateAuth).expect(200);
      for (const [width, height, name] of [
        [1360, 900, 'desktop-1360'],
        [390, 844, 'phone-390'],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(`${base}/t/${candidate.token}`);
        await page.locator('#q2 .cm-editor').waitFor();
        if (width === 1360) {
          await typeCode(page, 'q2', 'const sum = (xs: bigint[]) =>\n  xs.reduce((a, b) => a + b, 0n);');
          await page.fill('#q1-answer', 'Make the payout idempotent with a key per payout.');
        }
        await page.locator('#q2-state', { hasText: 'Saved at' }).waitFor();
        expect(await page.evaluate(OVERFLOWING_RIGHT)).toEqual([]);
        await screenshot(page, `candidate-16-during-${name}`);
        await page.evaluate('window.scrollTo(0, 700)');
        await page.screenshot({ path: `test-artifacts/screenshots/candidate-17-scrolled-${name}.png` });
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
