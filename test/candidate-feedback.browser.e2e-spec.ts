import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPublishedAssessment, createSubmission, type InvitedCandidate } from './factories/assessment.factory.js';
import { goodFeedback, QUOTED_PASSAGE } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { launchBrowser, listen, screenshot } from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// A real browser on a busy CI machine: well above the default, still bounded.
const BROWSER_TEST_TIMEOUT_MS = 120_000;

/** Evaluated in the page; strings because this project's TypeScript has no DOM types. */
const IN_PAGE = {
  pageWidth: 'document.documentElement.scrollWidth',
  focusedId: 'document.activeElement && document.activeElement.id',
  tabShown: "document.dispatchEvent(new Event('visibilitychange'))",
  unlabelledFields:
    "[...document.querySelectorAll('textarea, input')].filter((f) => f.labels.length === 0).map((f) => f.id)",
};

interface SentComment {
  questionKey: string;
  quote: { exact: string };
  text: string;
}

const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();

describeInBrowser('candidate feedback in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessmentId: string;
  const contexts: BrowserContext[] = [];
  let pageErrors: string[];

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    browser = await launchBrowser();
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer', { name: 'Rina Reviewer' });
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
  }, BROWSER_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(() => {
    pageErrors = [];
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(pageErrors).toEqual([]);
  });

  /** A page at the given width; script errors and CSP violations end the test. */
  async function openPage(
    width: number,
    height = 900,
    browserSettings: { locale?: string; timezoneId?: string } = {},
  ): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, ...browserSettings });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/Failed to load resource|net::ERR_FAILED/.test(msg.text()))
        pageErrors.push(msg.text());
    });
    return page;
  }

  /** A reviewer claims the candidate's submission (the only one waiting) and sends goodFeedback(tag). */
  async function sendFeedback(candidate: InvitedCandidate, tag: string): Promise<SentComment> {
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    expect(claim.body.submissionId).toBe(candidate.invitation.id);
    const feedback = goodFeedback(tag);
    await t.http().post(`/api/v1/reviews/${claim.body.id}/complete`).set(reviewer.auth).send(feedback).expect(200);
    return (feedback.comments as SentComment[])[0];
  }

  it(
    'should show the comment anchored to the quoted passage, take a rating with a comment and thank the candidate when the feedback was sent',
    async () => {
      // Invited, started and submitted through the API: the only way to hold a real candidate token.
      const candidate = await createSubmission(t, recruiter, assessmentId);
      const comment = await sendFeedback(candidate, 'candidate-feedback-page');
      expect(comment.questionKey).toBe('design');

      // Server-rendered: the highlight and the comment are in the HTML itself, no script needed.
      const html = (await t.http().get(`/t/${candidate.token}`).expect(200)).text;
      expect(html).toContain(`<mark id="c-1" tabindex="-1" aria-describedby="comment-1-text">${QUOTED_PASSAGE}</mark>`);
      expect(html).not.toContain(candidate.token);

      const page = await openPage(1360);
      await page.goto(`${base}/t/${candidate.token}`);
      expect(await text(page, '#feedback-decision')).toContain('would like to take your application forward');
      expect(await text(page, 'mark#c-1')).toBe(comment.quote.exact);
      expect(await text(page, '#comment-1 .comment-text')).toBe(comment.text);
      expect(await page.getAttribute('mark#c-1', 'aria-describedby')).toBe('comment-1-text');
      expect(await text(page, '#answer-1 .prompt')).toBe('How would you make a payout job safe to retry?');
      expect(await page.evaluate(IN_PAGE.unlabelledFields)).toEqual([]);

      // Passage → comment and back, by keyboard: the numbered link goes to the comment, the comment's link to the passage.
      await page.focus('#c-1-ref');
      await page.keyboard.press('Enter');
      await page.waitForFunction(`${IN_PAGE.focusedId} === 'comment-1'`);
      await page.focus('#comment-1 .comment-quote a');
      await page.keyboard.press('Enter');
      await page.waitForFunction(`${IN_PAGE.focusedId} === 'c-1'`);

      // Wide screen: the comments sit beside the answer.
      const answerBox = (await page.locator('#answer-1 .answer-text').boundingBox())!;
      const commentBox = (await page.locator('#comment-1').boundingBox())!;
      expect(commentBox.x).toBeGreaterThanOrEqual(answerBox.x + answerBox.width);
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, 'candidate-feedback-1-wide-1360');

      // Phone: the comments go below the answer, and nothing is wider than the screen.
      const phone = await openPage(390, 844);
      await phone.goto(`${base}/t/${candidate.token}`);
      expect(await phone.evaluate(IN_PAGE.pageWidth)).toBeLessThanOrEqual(390);
      const phoneAnswer = (await phone.locator('#answer-1 .answer-text').boundingBox())!;
      const phoneComment = (await phone.locator('#comment-1').boundingBox())!;
      expect(phoneComment.y).toBeGreaterThanOrEqual(phoneAnswer.y + phoneAnswer.height);
      await screenshot(phone, 'candidate-feedback-2-phone-390');

      // Rate 4 with the keyboard, add a comment, send.
      expect(await page.locator('#rating-thanks').isVisible()).toBe(false);
      await page.focus('#usefulness-1');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      expect(await page.isChecked('#usefulness-4')).toBe(true);
      const said = 'The quoted passage made it clear which part of my answer the comment was about.';
      await page.fill('#rating-comment', said);
      await screenshot(page, 'candidate-feedback-3-rating-filled-1360');
      await page.click('#rating-submit');
      await page.locator('#rating-thanks').waitFor();
      expect(await text(page, '#rating-thanks')).toContain('You rated it 4 of 5: Useful.');
      expect(await page.locator('#rating-form').isVisible()).toBe(false);
      const rows = await t.dataSource.query(
        `SELECT stage, feedback_usefulness AS "feedbackUsefulness", comment, length, learning FROM candidate_ratings WHERE invitation_id = $1`,
        [candidate.invitation.id],
      );
      expect(rows).toEqual([
        { stage: 'after_feedback', feedbackUsefulness: 4, comment: said, length: null, learning: null },
      ]);

      // A reload shows the stored rating, rendered by the server, instead of the form.
      await page.reload();
      expect(await page.locator('#rating-form').count()).toBe(0);
      expect(await text(page, '#rating-thanks')).toContain('You rated it 4 of 5: Useful.');
      expect(await text(page, '#rating-thanks-comment')).toBe(said);
      await page.locator('#rating').scrollIntoViewIfNeeded();
      await screenshot(page, 'candidate-feedback-4-thanks-1360');
      await phone.reload();
      expect(await phone.evaluate(IN_PAGE.pageWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, 'candidate-feedback-5-thanks-phone-390');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should show the feedback without a manual reload when it is sent while the page is open',
    async () => {
      const candidate = await createSubmission(t, recruiter, assessmentId);
      const page = await openPage(1360);
      await page.goto(`${base}/t/${candidate.token}`);
      expect(await text(page, '#feedback-due')).toContain('A reviewer will send you written feedback by');
      expect(await page.locator('#feedback').count()).toBe(0);

      const comment = await sendFeedback(candidate, 'candidate-feedback-live');
      // The page asks again when the tab comes back to the front (and every minute): it then reloads itself.
      await page.evaluate(IN_PAGE.tabShown);
      await page.locator('#feedback').waitFor();
      expect(await text(page, 'mark#c-1')).toBe(comment.quote.exact);
      expect(await page.locator('#feedback-due').isVisible()).toBe(false);
      expect(await page.locator('#rating-form').isVisible()).toBe(true);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should ask for a rating and keep the form when Send is pressed without one',
    async () => {
      const candidate = await createSubmission(t, recruiter, assessmentId);
      await sendFeedback(candidate, 'candidate-feedback-empty');
      const page = await openPage(390, 844);
      await page.goto(`${base}/t/${candidate.token}`);
      await page.click('#rating-submit');
      expect(await text(page, '#rating-error')).toContain('Choose how useful the feedback was');
      await page.waitForFunction(`${IN_PAGE.focusedId} === 'usefulness-1'`);
      expect(
        await t.dataSource.query(`SELECT count(*)::int AS n FROM candidate_ratings WHERE invitation_id = $1`, [
          candidate.invitation.id,
        ]),
      ).toEqual([{ n: 0 }]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'should write the feedback page in one language (English text, English dates) when the browser asks for German',
    async () => {
      const candidate = await createSubmission(t, recruiter, assessmentId);
      await sendFeedback(candidate, 'candidate-feedback-german');
      const page = await openPage(1360, 900, { locale: 'de-DE', timezoneId: 'Europe/Berlin' });
      await page.goto(`${base}/t/${candidate.token}`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await text(page, '#feedback-heading')).toBe('Your feedback');
      expect(await text(page, '#feedback-decision')).toBe(
        'Good news: the team would like to take your application forward.',
      );
      expect(await text(page, '#answer-1-heading')).toBe('Question 1');
      expect(await text(page, '#comment-1 .comment-quote')).toMatch(/^On “.+”$/);
      expect(await page.getAttribute('#answer-1 .annotated-comments', 'aria-label')).toBe(
        'Reviewer’s comments on question 1',
      );
      expect(await text(page, '#rating-heading')).toBe('How useful was this feedback?');
      expect(await text(page, 'label[for="usefulness-5"] .usefulness-label')).toBe('Very useful');

      // Rewritten by the script in the candidate's zone, in the page's language: no German month or weekday.
      const englishDate =
        /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4},? (at )?\d\d:\d\d (CET|CEST)$/;
      expect(await text(page, '#feedback-sent-time')).toMatch(englishDate);
      expect(await text(page, '#submitted-how time')).toMatch(englishDate);
      const german =
        /\b(Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Uhr)\b|\b(Mo|Di|Mi|Do|Fr|Sa|So)\.,/;
      expect(await page.locator('body').innerText()).not.toMatch(german);

      // The thanks the script writes after sending is English too, and so is the server's after a reload.
      await page.check('#usefulness-5');
      await page.click('#rating-submit');
      await page.locator('#rating-thanks').waitFor();
      expect(await text(page, '#rating-thanks-summary')).toBe('You rated it 5 of 5: Very useful.');
      await page.reload();
      expect(await text(page, '#rating-thanks-summary')).toBe('You rated it 5 of 5: Very useful.');
      expect(await page.locator('body').innerText()).not.toMatch(german);
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, 'candidate-feedback-6-german-browser-1360');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
