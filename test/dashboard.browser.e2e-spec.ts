import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { join } from 'node:path';
import {
  buildKnownHistory,
  HISTORY_NOW,
  type KnownHistory,
  hoursAfter,
  insertAssessment,
  insertInvitation,
  minutesBefore,
} from './factories/metrics-history.factory.js';
import { createReviewers } from './factories/reviewer.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import {
  collectPageErrors,
  launchBrowser,
  listen,
  OVERFLOWING_RIGHT,
  screenshot,
  SCREENSHOT_DIR,
  submitSignInForm,
} from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { FakeClock } from './support/fake-clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const tile = (page: Page, id: string): Promise<string> => page.locator(`[data-metric="${id}"] .value`).innerText();

/** One tile of the "At risk" section: its value and its hint. */
const forecastTile = async (page: Page, id: string): Promise<[string, string]> => {
  const tile = page.locator(`#at-risk [data-forecast="${id}"]`);
  return [await tile.locator('.value').innerText(), await tile.locator('.hint').innerText()];
};

/** Evaluated in the page; strings because this project's TypeScript has no DOM types. */
const IN_PAGE = {
  // The at-risk table's cells, row by row, as text (layout-independent, so the same on a phone).
  atRiskRows:
    "[...document.querySelectorAll('#at-risk-submissions tbody tr')].map((r) => [...r.cells].map((c) => c.textContent.replace(/\\s+/g, ' ').trim()))",
  // The labels the phone's list shows before each fact of the first row.
  atRiskLabels:
    "[...document.querySelectorAll('#at-risk-submissions tbody tr:first-child td')].map((c) => getComputedStyle(c, '::before').content)",
  // The waiting table's cells, row by row, as text.
  waitingRows:
    "[...document.querySelectorAll('#waiting-for-feedback tbody tr')].map((r) => [...r.cells].map((c) => c.textContent.replace(/\\s+/g, ' ').trim()))",
  // Whether the page scrolls sideways, and what sticks out past the right edge outside a sideways-scrolling
  // table box (those scroll within themselves, by design).
  pageOverflow: `(() => {
    const width = document.documentElement.clientWidth;
    return {
      scrolls: document.documentElement.scrollWidth > width,
      sticking: [...document.body.querySelectorAll('*')]
        .filter((el) => !el.closest('.table-scroll') && el.getBoundingClientRect().right > width + 0.5)
        .map((el) => el.tagName.toLowerCase() + '.' + el.getAttribute('class') + ': ' + el.textContent.trim().slice(0, 40)),
    };
  })()`,
  // Each chart's SVG width and its figure's inner width, in CSS pixels.
  chartWidths: `[...document.querySelectorAll('.charts figure')].map((f) => ({
    svg: Math.round(f.querySelector('svg').getBoundingClientRect().width),
    figure: f.clientWidth,
  }))`,
  // What of the "At risk" section sticks out past the right edge of the window, or overflows its own box.
  atRiskOverflowing: `(() => {
    const section = document.getElementById('at-risk');
    const width = document.documentElement.clientWidth;
    return [section, ...section.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 || el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.tagName.toLowerCase() + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40));
  })()`,
};

/** The whole page and the section alone, at a desktop (1360 px) and a phone (390 px) width; nothing overflows. */
async function screenshotAtRisk(page: Page, name: string): Promise<void> {
  for (const [width, device] of [
    [1360, 'desktop'],
    [390, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(IN_PAGE.atRiskOverflowing)).toEqual([]);
    await screenshot(page, `${name}-${device}`);
    await page.locator('#at-risk').screenshot({ path: join(SCREENSHOT_DIR, `${name}-${device}-section.png`) });
  }
}

/** The whole dashboard at a desktop and a phone width: the page never scrolls sideways and the charts fit. */
async function screenshotDashboard(page: Page, name: string): Promise<void> {
  for (const [width, device] of [
    [1360, 'desktop'],
    [390, 'phone'],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(IN_PAGE.pageOverflow)).toEqual({ scrolls: false, sticking: [] });
    for (const chart of await page.evaluate<{ svg: number; figure: number }[]>(IN_PAGE.chartWidths)) {
      expect(chart.svg).toBeLessThanOrEqual(chart.figure);
      expect(chart.svg).toBeGreaterThan(width === 390 ? 250 : 400);
    }
    await screenshot(page, `${name}-${device}`);
  }
  // The phone's first screen and its charts, at a size people can look at.
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-phone-top.png`) });
  await page.locator('.charts').screenshot({ path: join(SCREENSHOT_DIR, `${name}-phone-charts.png`) });
}

/** The options of a filter, as their labels. */
const options = (page: Page, name: string): Promise<string[]> =>
  page.locator(`select[name=${name}] option`).allInnerTexts();

describeInBrowser('recruiter dashboard in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let h: KnownHistory;
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
    h = await buildKnownHistory(t, { recruiterId: recruiter.id, aliceId: reviewer.id, bobId: bob.id });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // The page's own 401/403 answers and the browser's favicon probe are expected; a broken asset is not.
    pageErrors = collectPageErrors(page, { failedRequests: true });
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  const signIn = (who: StaffSession, password = who.password): Promise<void> => submitSignInForm(page, who, password);

  it('should tell a visitor at / what Candor is and lead them to sign in, on a desktop and a phone', async () => {
    const res = await page.goto(`${base}/`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Candor');
    for (const [width, device] of [
      [1360, 'desktop'],
      [390, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(OVERFLOWING_RIGHT)).toEqual([]);
      await screenshot(page, `home-${device}`);
    }
    await page.getByRole('link', { name: 'Staff sign in' }).click();
    await page.waitForURL(`${base}/login`);
  });

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

    // The default range ends today, included, and says so; the form's "To" is that day.
    expect(await page.locator('[data-range="text"]').innerText()).toBe(
      'Showing 1 Feb – 2 Mar 2026, today included (dates in UTC, submissions by the day they came in).',
    );
    expect(await page.inputValue('input[name=to]')).toBe('2026-03-02');
    expect(await page.inputValue('input[name=from]')).toBe('2026-02-01');

    // Both charts are bars with their values, and a legend naming each colour.
    expect(await page.locator('#chart-weekly svg .series-p50 rect.chart-bar').count()).toBe(1);
    expect(await page.locator('#chart-weekly svg .series-p90 rect.chart-bar').count()).toBe(1);
    expect(await page.locator('#chart-weekly svg .series-deadline line.level').count()).toBe(2);
    expect(await page.locator('#chart-weekly svg text.value').allTextContents()).toEqual(['60', '118']);
    expect(await page.locator('#chart-weekly .chart-legend li').allInnerTexts()).toEqual([
      'median',
      'p90',
      'feedback deadline: 120 hours',
    ]);
    const colours = await page.evaluate<string[]>(
      "[...document.querySelectorAll('#chart-weekly svg rect.chart-bar, #chart-weekly svg line.level')].map((e) => getComputedStyle(e).fill === 'none' ? getComputedStyle(e).stroke : getComputedStyle(e).fill)",
    );
    // Median, p90 and the deadline in three different colours.
    expect(new Set(colours).size).toBe(3);
    expect(await page.locator('#chart-queue svg .series-queue rect.chart-bar').count()).toBe(30);
    // The queue never holds more than 3: whole-number ticks only.
    expect(await page.locator('#chart-queue svg text.tick[text-anchor=end]').allTextContents()).toEqual([
      '0',
      '1',
      '2',
      '3',
    ]);
    const chartBox = await page.locator('#chart-queue svg').boundingBox();
    expect(chartBox?.width).toBeGreaterThan(300);

    // The shared staff header, with this page marked.
    expect(await page.locator('header.staff-header nav a[aria-current=page]').innerText()).toBe('Dashboard');

    expect(await page.locator('#reviewers tbody tr').count()).toBe(2);
    const tooLong = page.locator('#assessments tr.too-long td:first-child');
    expect(await tooLong.allInnerTexts()).toEqual(['Backend exercise', 'Frontend, "live" exercise']);

    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'candor_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    await screenshotDashboard(page, 'dashboard-recruiter');
  });

  it('should list who waits for feedback, oldest first, with the claimer and a link when some wait', async () => {
    await page.goto(`${base}/login`);
    await signIn(recruiter);
    await page.waitForURL(`${base}/dashboard`);

    expect(await page.locator('[data-waiting="headline"]').innerText()).toBe(
      '3 candidates wait for feedback, the longest since 27 Feb 2026, 21:00 UTC.',
    );
    expect(await page.evaluate(IN_PAGE.waitingRows)).toEqual([
      [
        'Yara "Y" Three yara@example.test',
        'Frontend, "live" exercise',
        '27 Feb 2026, 21:00 UTC',
        '1 Mar 2026, 21:00 UTC overdue',
        'unclaimed',
      ],
      [
        'Xiomara Five xiomara@example.test',
        'Backend exercise',
        '1 Mar 2026, 03:00 UTC',
        '6 Mar 2026, 03:00 UTC',
        'unclaimed',
      ],
      [
        'Xavier Four xavier@example.test',
        'Backend exercise',
        '1 Mar 2026, 23:00 UTC',
        '6 Mar 2026, 23:00 UTC',
        'Alice Reviewer',
      ],
    ]);
    expect(
      await page.evaluate(
        "[...document.querySelectorAll('#waiting-for-feedback tbody a')].map((a) => a.getAttribute('href'))",
      ),
    ).toEqual([
      `/invitations?id=${h.submissions.y3}`,
      `/invitations?id=${h.submissions.x5}`,
      `/invitations?id=${h.submissions.x4}`,
    ]);
    expect(await page.locator('[data-waiting="more"]').count()).toBe(0);

    await screenshotDashboard(page, 'dashboard-waiting');
    await page.locator('#waiting').screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-waiting-phone-section.png') });
    // On a phone each waiting candidate is a labelled list of facts, the link still there.
    expect(await page.locator('#waiting-for-feedback thead').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Xavier Four' }).isVisible()).toBe(true);
  });

  it("should list the feedback at risk in the At risk section when the team's pace cannot clear the queue in time", async () => {
    await page.goto(`${base}/login`);
    await signIn(recruiter);
    await page.waitForURL(`${base}/dashboard`);

    // Pace window: the last 14 days, from Mon 2026-02-16 09:00, is 10 working days (mon–fri 09-18); in it only
    // Alice completed a review (x3's): 0.1 a working day, 90 working hours a review. In the service's urgency
    // order: y3 (overdue since Sun 21:00), the frontend attempt still being written (deadline 09:40, due two days
    // later), x5, x4, each ten working days after the one before: every one of them is late.
    expect(await page.locator('#at-risk [data-forecast="headline"]').innerText()).toBe(
      "4 candidates will hear back late at the team's pace",
    );
    expect(await forecastTile(page, 'pace')).toEqual([
      '0.1',
      'reviews a working day from 2 active reviewers over the last 10 working days',
    ]);
    expect(await forecastTile(page, 'queue')).toEqual(['3', '1 attempt still being written']);
    expect(await forecastTile(page, 'clears')).toEqual(['2026-04-24', 'by 18:00 UTC at this pace']);
    expect(await page.locator('#at-risk [data-forecast="working-week"]').innerText()).toBe('mon–fri 09-18 UTC');
    expect(await page.evaluate(IN_PAGE.atRiskRows)).toEqual([
      [
        'Frontend, "live" exercise',
        'Waiting for a reviewer',
        '2026-03-01 21:00 overdue',
        '2026-03-13 18:00',
        '12 days',
      ],
      ['Frontend, "live" exercise', 'Still being written', '2026-03-04 09:40', '2026-03-27 18:00', '23 days'],
      ['Backend exercise', 'Waiting for a reviewer', '2026-03-06 03:00', '2026-04-10 18:00', '36 days'],
      ['Backend exercise', 'Being reviewed', '2026-03-06 23:00', '2026-04-24 18:00', '49 days'],
    ]);
    expect(await page.locator('#at-risk [data-forecast="more"]').count()).toBe(0);

    await screenshotAtRisk(page, 'dashboard-at-risk');
    // On a phone (the last width shot) the table is a list: no header row, each fact labelled.
    expect(await page.locator('#at-risk-submissions thead').isVisible()).toBe(false);
    expect(await page.evaluate(IN_PAGE.atRiskLabels)).toEqual([
      '"Assessment"',
      '"Status"',
      '"Feedback due"',
      '"Expected"',
      '"Late by"',
    ]);
  });

  it('should narrow the page to one assessment and still offer every assessment and reviewer when filtered', async () => {
    await page.goto(`${base}/login`);
    await signIn(recruiter);
    await page.waitForURL(`${base}/dashboard`);
    const everyAssessment = ['All assessments', 'Backend exercise', 'Data exercise', 'Frontend, "live" exercise'];
    const everyReviewer = ['All reviewers', 'Alice Reviewer', 'Bob Reviewer'];
    expect(await options(page, 'assessmentId')).toEqual(everyAssessment);
    expect(await options(page, 'reviewerId')).toEqual(everyReviewer);

    await page.selectOption('select[name=assessmentId]', { label: 'Frontend, "live" exercise' });
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/assessmentId=/);
    expect(await tile(page, 'on-time-rate')).toBe('50 %');
    expect(await page.locator('#assessments tbody tr').count()).toBe(1);
    // The filters still offer everything, and the range still ends today, included.
    expect(await options(page, 'assessmentId')).toEqual(everyAssessment);
    expect(await options(page, 'reviewerId')).toEqual(everyReviewer);
    expect(await page.locator('[data-range="text"]').innerText()).toMatch(
      /^Showing 1 Feb – 2 Mar 2026, today included/,
    );
    expect(await page.evaluate(IN_PAGE.waitingRows)).toHaveLength(1);

    // Bob's claims on the frontend test: y2 only, sent late; he holds nothing waiting now.
    await page.selectOption('select[name=reviewerId]', { label: 'Bob Reviewer' });
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/reviewerId=/);
    expect(await tile(page, 'on-time-rate')).toBe('0 %');
    expect(await page.locator('#reviewers tbody td:first-child').allInnerTexts()).toEqual(['Bob Reviewer']);
    expect(await page.locator('select[name=assessmentId] option:checked').innerText()).toBe(
      'Frontend, "live" exercise',
    );
    expect(await options(page, 'reviewerId')).toEqual(everyReviewer);
    expect(await page.locator('[data-waiting="headline"]').innerText()).toBe('Nobody is waiting for feedback.');
    // The CSV link carries the same window and filters, in the API's [from, to).
    const csv = new URL((await page.locator('a', { hasText: 'Download CSV' }).getAttribute('href')) ?? '', base);
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-03T00:00:00.000Z',
      assessmentId: h.frontend.id,
      reviewerId: expect.any(String),
    });
    await screenshotDashboard(page, 'dashboard-filtered');
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

  describe('with a team whose pace clears the queue in time', () => {
    // Wednesday; the first submission came on Monday 09:00, so the pace is measured over two working days.
    const NOW = new Date('2026-03-04T09:00:00.000Z');
    const MONDAY = new Date('2026-03-02T09:00:00.000Z');
    let f: TestApp;
    let fBase: string;
    let fRecruiter: StaffSession;

    beforeAll(async () => {
      f = await createTestApp({
        queue: 'postgres',
        clock: new FakeClock(NOW),
        env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
      });
      fBase = await listen(f);
      fRecruiter = await createStaff(f, 'recruiter');
      const [reviewer] = await createReviewers(f, 1);
      // Two more accounts also called "Reviewer 1", who never reviewed: only their emails tell them apart.
      await createReviewers(f, 1);
      await createReviewers(f, 1);
      const assessment = await insertAssessment(f, {
        title: 'Platform exercise',
        timeLimitMinutes: 60,
        feedbackDueHours: 120,
        createdBy: fRecruiter.id,
        at: hoursAfter(MONDAY, -24 * 7),
      });
      // Four reviews completed on Monday: 2 a working day, 4.5 working hours a review.
      for (let i = 0; i < 4; i++) {
        const submittedAt = hoursAfter(MONDAY, i);
        await insertInvitation(f, {
          assessment,
          createdAt: hoursAfter(submittedAt, -24),
          startedAt: minutesBefore(submittedAt, 50),
          submittedAt,
          claims: [{ reviewerId: reviewer.id, claimedAfterHours: 1, status: 'completed', endedAfterHours: 3 }],
        });
      }
      // Two waiting, due next Monday: expected today at 13:30 and 18:00.
      for (const hoursAgo of [2, 3]) {
        const submittedAt = hoursAfter(NOW, -hoursAgo);
        await insertInvitation(f, {
          assessment,
          createdAt: hoursAfter(submittedAt, -24),
          startedAt: minutesBefore(submittedAt, 50),
          submittedAt,
        });
      }
    }, 180_000);

    afterAll(async () => {
      await f?.close();
    });

    it("should show that no feedback is at risk when the team's pace clears the queue before every feedback date", async () => {
      await page.goto(`${fBase}/login`);
      await signIn(fRecruiter);
      await page.waitForURL(`${fBase}/dashboard`);

      expect(await page.locator('#at-risk [data-forecast="headline"]').innerText()).toBe(
        "No feedback at risk at the team's pace",
      );
      expect(await forecastTile(page, 'pace')).toEqual([
        '2',
        'reviews a working day from 3 active reviewers over the last 2 working days',
      ]);
      expect(await forecastTile(page, 'queue')).toEqual(['2', '0 attempts still being written']);
      expect(await forecastTile(page, 'clears')).toEqual(['2026-03-04', 'by 18:00 UTC at this pace']);
      expect(await page.locator('#at-risk-submissions').count()).toBe(0);
      await screenshotAtRisk(page, 'dashboard-none-at-risk');
    });

    it("should count today's submissions by default and after pressing Show when the range ends today", async () => {
      await page.goto(`${fBase}/login`);
      await signIn(fRecruiter);
      await page.waitForURL(`${fBase}/dashboard`);
      // Four on Monday and two this morning (06:00 and 07:00): today's are in.
      expect(await page.locator('[data-range="text"]').innerText()).toMatch(
        /^Showing 3 Feb – 4 Mar 2026, today included/,
      );
      expect(await tile(page, 'submissions')).toBe('6');
      await page.selectOption('select[name=assessmentId]', { label: 'Platform exercise' });
      await page.click('form.filters button[type=submit]');
      await page.waitForURL(/assessmentId=/);
      expect(new URL(page.url()).searchParams.get('to')).toBe('2026-03-04');
      expect(await tile(page, 'submissions')).toBe('6');
      expect(await tile(page, 'queue-depth')).toBe('2');
      expect(await page.locator('[data-waiting="headline"]').innerText()).toBe(
        '2 candidates wait for feedback, the longest since 4 Mar 2026, 06:00 UTC.',
      );
      expect(await page.evaluate<string[][]>(IN_PAGE.waitingRows)).toEqual([
        expect.arrayContaining(['4 Mar 2026, 06:00 UTC', 'unclaimed']),
        expect.arrayContaining(['4 Mar 2026, 07:00 UTC', 'unclaimed']),
      ]);
    });

    it('should tell reviewers with the same name apart by their email in the filter and the table', async () => {
      await page.goto(`${fBase}/login`);
      await signIn(fRecruiter);
      await page.waitForURL(`${fBase}/dashboard`);
      const reviewers = await options(page, 'reviewerId');
      expect(reviewers).toHaveLength(4);
      expect(reviewers.slice(1)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Reviewer 1 \(reviewer-[0-9a-f]+-1@candor\.test\)$/)]),
      );
      expect(new Set(reviewers).size).toBe(4);
      const names = await page.locator('#reviewers tbody td:first-child').allInnerTexts();
      expect(names).toHaveLength(3);
      expect(names.every((n) => /^Reviewer 1 \(.+@candor\.test\)$/.test(n))).toBe(true);
      expect(new Set(names).size).toBe(3);
      await screenshotDashboard(page, 'dashboard-same-names');
    });
  });
});
