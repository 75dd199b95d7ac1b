import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
