import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { type TestApp } from './test-app.js';
import { chromiumPath } from './test-services.js';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

/**
 * Debian's Chromium driven by playwright-core (no browser download). The flags keep it off the network:
 * this machine has none, and background connections would only be refused.
 */
export function launchBrowser(): Promise<Browser> {
  // Reached without a browser only under CI=true (describeInBrowser skips elsewhere): fail loudly there.
  const path = chromiumPath();
  if (!path) {
    throw new Error(
      `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: path,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Starts the test app's HTTP server on a free loopback port and returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** Saved under test-artifacts/screenshots (git-ignored) so people can look at each state. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface PageErrorOptions {
  /**
   * Console errors left out. By default the browser's own "Failed to load resource" line: a failed request is
   * counted by `failedRequests` (when on), which names it.
   */
  ignoreConsole?: RegExp;
  /**
   * Also count each failed request (status 400 or more, not a page navigation, not the favicon probe), except
   * those `provoked` says the test causes on purpose.
   */
  failedRequests?: boolean | { provoked: (res: Response) => boolean };
}

/**
 * Collects the page's script errors and console errors (a CSP violation is one) into the returned list, which a
 * test expects empty at its end: the staff and candidate pages must work under the real policy.
 */
export function collectPageErrors(page: Page, options: PageErrorOptions = {}): string[] {
  const { ignoreConsole = /^Failed to load resource/, failedRequests = false } = options;
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !ignoreConsole.test(msg.text())) errors.push(msg.text());
  });
  if (failedRequests) {
    const provoked = typeof failedRequests === 'object' ? failedRequests.provoked : () => false;
    page.on('response', (res) => {
      const request = res.request();
      if (
        res.status() >= 400 &&
        request.resourceType() !== 'document' &&
        !request.url().endsWith('/favicon.ico') &&
        !provoked(res)
      ) {
        errors.push(`${res.status()} ${request.url()}`);
      }
    });
  }
  return errors;
}

/** Who signs in at the staff sign-in form. */
export interface SignInDetails {
  email: string;
  password: string;
}

/** Fills in and submits the staff sign-in form the page shows (a protected page sends there first). */
export async function submitSignInForm(page: Page, who: SignInDetails, password = who.password): Promise<void> {
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/**
 * Opens /login (asking to go on to `next` when given), signs in through the form and waits for the page it
 * leads to: `next`, or the dashboard.
 */
export async function signInThroughForm(page: Page, base: string, who: SignInDetails, next?: string): Promise<void> {
  await page.goto(next === undefined ? `${base}/login` : `${base}/login?next=${encodeURIComponent(next)}`);
  await submitSignInForm(page, who);
  await page.waitForURL(`${base}${next ?? '/dashboard'}`);
}

/** In-page code (a string: the test project compiles without the DOM library) listing what sticks out. */
function overflowingRight(outsideScrollBoxes: boolean): string {
  return `(() => {
  const width = document.documentElement.clientWidth;
  const scrollsAlone = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true;
    return false;
  };
  return [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5${outsideScrollBoxes ? ' && !scrollsAlone(el)' : ''})
    .map((el) => el.tagName.toLowerCase() + '#' + el.id + '.' + el.getAttribute('class') + ': ' + el.textContent.trim().slice(0, 40));
})()`;
}

/** Evaluated in the page: whatever sticks out past the right edge of the window (expect it empty). */
export const OVERFLOWING_RIGHT = overflowingRight(false);

/**
 * As OVERFLOWING_RIGHT, leaving out what sits in a box that scrolls sideways on its own (the dashboard's wide
 * tables).
 */
export const OVERFLOWING_RIGHT_OUTSIDE_SCROLL_BOXES = overflowingRight(true);
