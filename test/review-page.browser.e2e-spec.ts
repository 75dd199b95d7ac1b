import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { renderSections } from '../src/assessments/rendered-content.js';
import {
  goodFeedback,
  QUOTED_PASSAGE,
  seedAssessment,
  seedSubmission,
  type SeededSubmission,
} from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import {
  collectPageErrors,
  launchBrowser,
  listen,
  SCREENSHOT_DIR,
  screenshot,
  submitSignInForm,
} from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** What the candidate saw: Markdown in a reading and a prompt, a choice, and an optional question left blank. */
const SECTIONS = [
  {
    kind: 'reading',
    title: 'About us',
    body: 'We build **ledgers** for small shops.\n\n- payouts run nightly\n- retries are common',
  },
  {
    kind: 'question',
    key: 'design',
    prompt: 'How would you make a `payout` job **safe to retry**?',
    type: 'text',
    required: true,
  },
  {
    kind: 'question',
    key: 'pick',
    prompt: 'Which isolation level?',
    type: 'choice',
    options: ['read committed', 'serializable'],
    required: true,
  },
  {
    kind: 'question',
    key: 'handler',
    prompt: 'Sketch the handler, *if you have time*.',
    type: 'code',
    required: false,
  },
];

/** The passage the reviewer comments on in the browser: mid-answer, so the prefix matters. */
const PASSAGE = QUOTED_PASSAGE.slice(QUOTED_PASSAGE.indexOf('idempotent'));

// In-page code as strings: the test project compiles without the DOM library.
const IN_PAGE = {
  pageWidth: 'document.documentElement.scrollWidth',
  focusedId: 'document.activeElement && document.activeElement.id',
  /** A selection from the first answer into the next question's prompt: it anchors in no single answer. */
  selectAcross: `(() => {
    const range = document.createRange();
    range.setStart(document.querySelector('pre.answer[data-question="design"]').firstChild, 2);
    range.setEnd(document.querySelector('section.question[data-question="pick"] .prompt p').firstChild, 5);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  })()`,
  /** Selects `passage` in the answer to `key` as a reviewer's mouse would: a Range over the answer's text nodes. */
  select: (key: string, passage: string): string => `(() => {
    const pre = document.querySelector('pre.answer[data-question=${JSON.stringify(key)}]');
    const text = pre.textContent;
    const from = text.indexOf(${JSON.stringify(passage)});
    if (from < 0) throw new Error('passage not in the answer');
    const to = from + ${JSON.stringify(passage)}.length;
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(), at = 0; node; at += node.data.length, node = walker.nextNode()) {
      if (from >= at && from <= at + node.data.length) range.setStart(node, from - at);
      if (to >= at && to <= at + node.data.length) { range.setEnd(node, to - at); break; }
    }
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  })()`,
};

describeInBrowser('reviewer page in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let reviewer: StaffSession;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let urgent: SeededSubmission;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    base = await listen(t);
    browser = await launchBrowser();
    const recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    const assessment = await seedAssessment(t, recruiter.id);
    // With the HTML a publish would have stored for these sections (pages read it, never render Markdown).
    await t.dataSource.query(`UPDATE assessment_versions SET sections = $1, rendered = $3 WHERE id = $2`, [
      JSON.stringify(SECTIONS),
      assessment.versionId,
      JSON.stringify(renderSections(SECTIONS).rendered),
    ]);
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
    pageErrors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  const unmetFields = (): Promise<string[]> =>
    page.locator('#unmet li').evaluateAll((items) => items.map((li) => li.getAttribute('data-field') ?? ''));

  /**
   * The same state at desktop and phone width; at the phone width nothing may stick out sideways. A modal
   * dialog is shot as the screen shows it (a full-page shot would leave its backdrop over part of the page).
   */
  const screenshots = async (name: string, { modal = false } = {}): Promise<void> => {
    const shoot = (file: string): Promise<unknown> =>
      modal ? page.screenshot({ path: join(SCREENSHOT_DIR, `${file}.png`) }) : screenshot(page, file);
    await shoot(`${name}-1360`);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate<number>(IN_PAGE.pageWidth)).toBeLessThanOrEqual(390);
    await shoot(`${name}-390`);
    await page.setViewportSize({ width: 1360, height: 1000 });
  };

  it('should let a reviewer claim, comment on a passage, meet every rule, confirm what the candidate gets and send it when the queue has submissions', async () => {
    await page.goto(`${base}/review`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await submitSignInForm(page, reviewer);
    await page.waitForURL(`${base}/review`);
    const cookie = (await context.cookies()).find((c) => c.name === 'candor_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.locator('#queue-depth').innerText()).toBe('2');
    expect(await page.locator('#queue-nearest').innerText()).toBe(
      urgent.feedbackDueAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    );
    await screenshot(page, 'review-1-queue');

    // Claimed: the submission as the candidate saw it, blind.
    await page.click('#claim-next');
    await page.waitForURL(/\/review\?id=/);
    const reviewId = new URL(page.url()).searchParams.get('id');
    expect(await page.locator('#queue-depth').innerText()).toBe('1');
    const html = await page.content();
    expect(html).not.toContain(urgent.candidateName);
    expect(html).not.toContain(urgent.candidateEmail);
    const design = page.locator('section.question[data-question=design]');
    expect(await design.locator('.prompt code').innerText()).toBe('payout');
    expect(await design.locator('.prompt strong').innerText()).toBe('safe to retry');
    expect(await design.locator('.prompt').innerText()).not.toContain('`');
    expect(await page.locator('pre.answer[data-question=design]').innerText()).toContain('idempotent');
    expect(await page.locator('section.question[data-question=pick] li.chosen').innerText()).toContain('serializable');
    expect(await page.locator('section.question[data-question=pick] li.option').count()).toBe(2);
    expect(await page.locator('section.question[data-question=handler] .not-answered').innerText()).toBe(
      'Not answered',
    );
    expect(await page.locator('section.question[data-question=handler] pre').count()).toBe(0);
    expect(await page.locator('#readings').getAttribute('open')).toBeNull();
    expect(await page.locator('#readings .prose strong').textContent()).toBe('ledgers');
    expect(await page.locator('#ending').innerText()).toMatch(/Submitted by the candidate .* used 50 of 60 minutes/);
    expect(await page.locator('label[for=field-summary]').innerText()).toContain('at least 80 characters');
    expect(await page.locator('label[for=field-criteria-clarity]').innerText()).toContain('at least 20 characters');
    expect(await unmetFields()).toEqual(
      expect.arrayContaining([
        'decision',
        'summary',
        'strengths',
        'improvements',
        'scores.correctness',
        'criteria.clarity',
        'comments',
      ]),
    );
    // Reviewer words, not the API's field keys.
    expect(await page.locator('#unmet').innerText()).not.toMatch(/scores\.|criteria\./);
    expect(await page.locator('#unmet li[data-field="scores.correctness"]').innerText()).toContain('Correctness');
    expect(await page.locator('.field-unmet[data-for=summary]').isVisible()).toBe(true);
    expect(await page.locator('#unmet-heading').isVisible()).toBe(true);
    expect(await page.locator('#complete').isDisabled()).toBe(true);
    await screenshots('review-2-claimed');

    // An anchored comment: select a passage, open the composer from the keyboard, write, add.
    const commentButton = page.locator('button.comment-button[data-question=design]');
    expect(await commentButton.getAttribute('aria-disabled')).toBe('true');
    await page.evaluate(IN_PAGE.selectAcross);
    await page.waitForSelector('[data-hint-for=design]:has-text("within one answer")');
    expect(await commentButton.getAttribute('aria-disabled')).toBe('true');
    await page.evaluate(IN_PAGE.select('design', 'a key'));
    await page.waitForSelector('button.comment-button[data-question=design][aria-disabled=false]');
    await commentButton.click();
    expect(await page.locator('[data-hint-for=design]').innerText()).toContain('at least 8 characters');
    expect(await page.locator('[data-composer-for=design]').isVisible()).toBe(false);

    await page.evaluate(IN_PAGE.select('design', PASSAGE));
    await page.waitForSelector('button.comment-button[data-question=design][aria-disabled=false]');
    await commentButton.focus();
    await page.keyboard.press('Enter');
    const composer = page.locator('[data-composer-for=design]');
    await composer.waitFor({ state: 'visible' });
    expect(await composer.locator('.composer-quote').innerText()).toBe(PASSAGE);
    expect(await page.locator('pre.answer[data-question=design] mark.pending').innerText()).toBe(PASSAGE);
    expect(await page.evaluate(IN_PAGE.focusedId)).toBe('q-1-composer');
    await screenshot(page, 'review-3-composer');
    const commentText = 'Naming the key per payout is what makes a retried job harmless; say where the key is stored.';
    await page.keyboard.type(commentText);
    await composer.locator('.add-comment').click();
    await composer.waitFor({ state: 'hidden' });
    expect(await page.locator('pre.answer[data-question=design] mark[data-comment="0"]').innerText()).toBe(PASSAGE);
    const comment = page.locator('#comment-list li.comment').first();
    expect(await comment.locator('blockquote').innerText()).toBe(PASSAGE);
    expect(await comment.locator('textarea[name="comments[0].text"]').inputValue()).toBe(commentText);
    await page.locator('#unmet li[data-field=comments]').waitFor({ state: 'detached' });
    await screenshots('review-4-comment-added');

    // The rest of the feedback: rules show beside their fields and leave the list as they are met.
    const feedback = goodFeedback('browser') as {
      summary: string;
      strengths: string;
      improvements: string;
      criteria: Record<string, string>;
    };
    await page.locator('textarea[name=summary]').pressSequentially('Too short.', { delay: 5 });
    await page.waitForSelector('#unmet li[data-field=summary]:has-text("at least 80")');
    expect(await page.locator('.field-unmet[data-for=summary]').innerText()).toContain('at least 80');
    expect(await page.locator('textarea[name=summary]').getAttribute('aria-invalid')).toBe('true');
    await page.fill('textarea[name=summary]', feedback.summary);
    await page.locator('#unmet li[data-field=summary]').waitFor({ state: 'detached' });
    expect(await page.locator('.field-unmet[data-for=summary]').isVisible()).toBe(false);
    expect(await unmetFields()).toContain('strengths');

    await page.check('input[name=decision][value=advance]');
    await page.fill('input[name="scores.correctness"]', '4');
    await page.fill('input[name="scores.clarity"]', '2');
    await page.fill('textarea[name="criteria.correctness"]', feedback.criteria.correctness);
    await page.fill('textarea[name="criteria.clarity"]', feedback.criteria.clarity);
    await page.fill('textarea[name=strengths]', feedback.strengths);
    await page.fill('textarea[name=improvements]', feedback.improvements);
    await page.waitForSelector('#all-met:not([hidden])');
    expect(await unmetFields()).toEqual([]);
    expect(await page.locator('#unmet-heading').isVisible()).toBe(false);
    expect(await page.locator('#complete').isEnabled()).toBe(true);
    await screenshot(page, 'review-5-ready');

    // A reload shows the saved draft, the comment's passage highlighted by the server.
    await page.waitForSelector('#save-status:has-text("Draft saved")');
    await page.reload();
    expect(await page.locator('pre.answer[data-question=design] mark[data-comment="0"]').innerText()).toBe(PASSAGE);
    expect(await page.locator('#comment-list textarea[name="comments[0].text"]').inputValue()).toBe(commentText);
    expect(await page.locator('#all-met').isVisible()).toBe(true);

    // Confirmation: exactly what the candidate receives, the safe button focused first.
    await page.click('#complete');
    const dialog = page.locator('#confirm-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.evaluate(IN_PAGE.focusedId)).toBe('confirm-back');
    const preview = page.locator('#confirm-preview');
    expect(await preview.locator('#preview-decision').innerText()).toBe(
      'Good news: the team would like to take your application forward.',
    );
    expect(await preview.locator('#preview-summary').innerText()).toBe(feedback.summary);
    expect(await preview.locator('#preview-improvements').innerText()).toBe(feedback.improvements);
    expect(await preview.locator('dt').allInnerTexts()).toEqual(['Correctness', 'Clarity']);
    expect(await preview.locator('dd').first().innerText()).toBe(feedback.criteria.correctness);
    expect(await preview.locator('#preview-comments blockquote').innerText()).toBe(PASSAGE);
    expect(await preview.locator('#preview-comments').innerText()).toContain(commentText);
    expect(await preview.innerText()).not.toContain(reviewer.email);
    await screenshots('review-6-confirm', { modal: true });
    // On a phone the buttons stay on screen below the scrolling preview.
    await page.setViewportSize({ width: 390, height: 844 });
    const send = await page.locator('#confirm-send').boundingBox();
    expect(send && send.y + send.height).toBeLessThanOrEqual(844);
    await page.setViewportSize({ width: 1360, height: 1000 });

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(IN_PAGE.focusedId)).toBe('complete');
    await page.click('#complete');
    await page.click('#confirm-send');
    await page.waitForURL(`${base}/review?sent=1`);
    expect(await page.locator('#sent-banner').isVisible()).toBe(true);
    expect(await page.locator('#queue-depth').innerText()).toBe('1');
    expect(await page.locator('#my-claims').innerText()).toBe('0 / 3');
    await screenshot(page, 'review-7-sent');

    const [row] = await t.dataSource.query(
      `SELECT f.summary, f.comments, i.status FROM feedback f JOIN invitations i ON i.id = f.invitation_id WHERE f.invitation_id = $1`,
      [urgent.id],
    );
    const start = QUOTED_PASSAGE.indexOf(PASSAGE);
    expect(row).toEqual({
      summary: feedback.summary,
      status: 'feedback_sent',
      comments: [
        {
          questionKey: 'design',
          quote: expect.objectContaining({ exact: PASSAGE, prefix: 'Make it ', start, end: start + PASSAGE.length }),
          text: commentText,
        },
      ],
    });
    const [review] = await t.dataSource.query(`SELECT status FROM reviews WHERE id = $1`, [reviewId]);
    expect(review).toEqual({ status: 'completed' });
  });

  it('should restore a saved draft with its comments, and show the unmet rules when the server refuses the feedback on send', async () => {
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    const draft = goodFeedback('restored') as { summary: string; comments: { text: string }[] };
    await t.http().put(`/api/v1/reviews/${claim.body.id}/draft`).set(reviewer.auth).send(draft).expect(200);
    await context.addCookies([
      { name: 'candor_session', value: reviewer.token, url: base, httpOnly: true, sameSite: 'Strict' },
    ]);
    await page.goto(`${base}/review?id=${claim.body.id}`);
    expect(await page.locator('textarea[name=summary]').inputValue()).toBe(draft.summary);
    expect(await page.locator('input[name="scores.clarity"]').inputValue()).toBe('2');
    expect(await page.locator('pre.answer[data-question=design] mark[data-comment="0"]').innerText()).toBe(
      QUOTED_PASSAGE,
    );
    expect(await page.locator('#comment-list textarea[name="comments[0].text"]').inputValue()).toBe(
      draft.comments[0].text,
    );
    expect(await page.locator('#all-met').isVisible()).toBe(true);

    // Whatever changed between the last save and the send (another reviewer's feedback, say), the server has the last word.
    await page.route('**/complete', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          status: 422,
          detail: 'The feedback is not ready to send: summary.',
          errors: [
            {
              field: 'summary',
              message: 'Summary is the same or nearly the same as feedback another reviewer sent to another candidate.',
            },
          ],
        }),
      }),
    );
    await page.click('#complete');
    await page.click('#confirm-send');
    await page.locator('#confirm-dialog').waitFor({ state: 'hidden' });
    expect(await page.locator('#unmet li[data-field=summary]').innerText()).toBe(
      'Summary is the same or nearly the same as feedback another reviewer sent to another candidate.',
    );
    expect(await page.locator('.field-unmet[data-for=summary]').innerText()).toContain('nearly the same');
    expect(await page.locator('#all-met').isVisible()).toBe(false);
    expect(await page.evaluate(IN_PAGE.focusedId)).toBe('unmet-heading');
    await page.unroute('**/complete');

    // Removing the only comment takes its highlight away and brings the rule back.
    await page.click('#comment-list .remove-comment');
    expect(await page.locator('pre.answer mark').count()).toBe(0);
    await page.waitForSelector('#unmet li[data-field=comments]');

    await page.click('#release');
    await page.waitForURL(`${base}/review`);
    expect(await page.locator('#queue-depth').innerText()).toBe('1');
  });
});
