import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createPublishedAssessment, inviteCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import {
  collectPageErrors,
  launchBrowser,
  listen,
  OVERFLOWING_RIGHT,
  screenshot,
  submitSignInForm,
} from './support/browser.js';
import { describeInBrowser } from './support/test-services.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

/** Evaluated in the page; strings because this project's TypeScript has no DOM types. */
const IN_PAGE = {
  // The labels the phone's list shows before each fact of the first staff account.
  accountLabels:
    "[...document.querySelectorAll('#staff-accounts tbody tr:first-child td')].map((c) => getComputedStyle(c, '::before').content)",
  focusedId: 'document.activeElement && document.activeElement.id',
};

/** Nothing listens there (the discard port): each attempt fails to connect, and the delivery waits for a retry. */
const HOOK_URL = 'http://127.0.0.1:9/hook';

interface DeliveryRow {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastError: string | null;
  invitationId: string | null;
}

describeInBrowser('admin page in a real browser (Chromium)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let leaving: StaffSession;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let dialogs: string[];

  // Staff accounts hash passwords with argon2: slow on a busy machine, so set-up gets more than a test.
  beforeAll(async () => {
    // Private addresses allowed: the webhook test's receiver is on loopback.
    t = await createTestApp({
      queue: 'postgres',
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', OUTBOUND_ALLOW_PRIVATE: 'true' },
    });
    base = await listen(t);
    browser = await launchBrowser();
    admin = await createStaff(t, 'admin', { name: 'Ada Admin' });
    recruiter = await createStaff(t, 'recruiter', { name: 'Rita Recruiter' });
    leaving = await createStaff(t, 'reviewer', { name: 'Lee Leaving' });
    // Greenhouse reports a problem with one of Candor's answers: its documented example body.
    const key = await t
      .http()
      .post('/api/v1/integrations/keys')
      .set(admin.auth)
      .send({ name: 'Greenhouse sandbox', provider: 'greenhouse' })
      .expect(201);
    await t
      .http()
      .post('/integrations/greenhouse/request_errors')
      .set(basic(key.body.key as string))
      .send({
        api_call: 'test_status',
        errors: ["partner_status is 'complete' but partner_profile url is missing"],
        partner_test_id: 12345,
        partner_test_name: 'Personality Test',
        partner_interview_id: 299506,
        candidate_email: 'hpotter@hogwarts.edu',
      })
      .expect(200);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    dialogs = [];
    // Refusals the tests provoke (a weak password, the last admin) are expected; any other failed call is not.
    pageErrors = collectPageErrors(page, {
      failedRequests: {
        provoked: (res) =>
          (res.status() === 400 && res.request().url().endsWith('/api/v1/users')) ||
          (res.status() === 400 && res.request().url().includes('/api/v1/audit?')) ||
          (res.status() === 409 &&
            res.request().method() === 'PATCH' &&
            res.request().url().includes('/api/v1/users/')),
      },
    });
    // Every confirm is read, then accepted.
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  const signIn = (who: StaffSession): Promise<void> => submitSignInForm(page, who);

  const accountRow = (email: string) => page.locator('#staff-accounts tbody tr', { hasText: email });
  const account = async (email: string): Promise<{ role: string; active: boolean }> => {
    const res = await t.http().get('/api/v1/users').set(admin.auth).expect(200);
    return (res.body as { email: string; role: string; active: boolean }[]).find((u) => u.email === email)!;
  };

  /** Desktop and phone shots; at phone width nothing sticks out and the tables are labelled lists. */
  async function shoot(name: string): Promise<void> {
    for (const [width, device] of [
      [1360, 'desktop'],
      [390, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(OVERFLOWING_RIGHT)).toEqual([]);
      await screenshot(page, `${name}-${device}`);
    }
    expect(await page.evaluate(IN_PAGE.accountLabels)).toEqual([
      '"Name"',
      '"Email"',
      '"Role"',
      '"Status"',
      '"Created"',
      '"Actions"',
    ]);
    await page.setViewportSize({ width: 1360, height: 900 });
  }

  it('should let an admin manage accounts and keys and read Greenhouse errors when they sign in at /admin', async () => {
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await signIn(admin);
    await page.waitForURL(`${base}/admin`);
    expect(await page.locator('h1').innerText()).toBe('Admin');
    expect(await page.locator('.staff-nav a[aria-current="page"]').innerText()).toBe('Admin');

    // Greenhouse's report, as it sent it.
    const report = page.locator('#request-error-list tbody tr').first();
    expect(await report.locator('td[data-label="Call"]').innerText()).toBe('test_status');
    expect(await report.locator('td[data-label="What went wrong"]').innerText()).toBe(
      "partner_status is 'complete' but partner_profile url is missing",
    );
    expect(await report.locator('td[data-label="Interview id"]').innerText()).toBe('299506');
    expect(await report.locator('td[data-label="Candidate email"]').innerText()).toBe('hpotter@hogwarts.edu');
    expect(await report.locator('td[data-label="Received"]').innerText()).toMatch(
      /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/,
    );

    // A weak password: the API's reason shows beside the field, nothing is created.
    await page.fill('#account-name', 'Rowan Reviewer');
    await page.fill('#account-email', 'rowan@candor.test');
    await page.fill('#account-password', 'password123');
    await page.click('#create-account');
    await page.locator('#account-password-error:not(:empty)').waitFor();
    expect(await page.locator('#account-password-error').innerText()).toMatch(/^Password is too easy to guess\./);
    expect(await page.locator('#account-password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#accounts-status').innerText()).toMatch(/not created/);
    expect(await accountRow('rowan@candor.test').count()).toBe(0);

    // Generate, by keyboard: a strong random password, shown so the admin can pass it on.
    await page.focus('#generate-password');
    await page.keyboard.press('Enter');
    const password = await page.inputValue('#account-password');
    expect(password).toMatch(/^\S{20}$/);
    expect(await page.locator('#account-password').getAttribute('type')).toBe('text');
    expect(await page.locator('#account-password-error').innerText()).toBe('');
    await page.click('#create-account');
    await page.locator('#accounts-status', { hasText: 'Account created for Rowan Reviewer' }).waitFor();
    expect(await page.locator('#created-password').innerText()).toBe(password);
    const row = accountRow('rowan@candor.test');
    expect(await row.locator('.account-name').innerText()).toBe('Rowan Reviewer');
    expect(await row.locator('select').inputValue()).toBe('reviewer');
    await t.http().post('/api/v1/auth/login').send({ email: 'rowan@candor.test', password }).expect(200);

    // Change Rowan's role: to a recruiter, after a confirm that says what happens to their claims.
    await row.locator('select').selectOption('recruiter');
    await row.getByRole('button', { name: 'Change role' }).click();
    await page.locator('#accounts-status', { hasText: 'Rowan Reviewer is now a recruiter.' }).waitFor();
    expect(dialogs.pop()).toMatch(/claimed go back to the review queue/);
    expect(await account('rowan@candor.test')).toMatchObject({ role: 'recruiter', active: true });

    // Deactivate Lee: the confirm says they are signed out and their claims return.
    await accountRow(leaving.email).getByRole('button', { name: 'Deactivate Lee Leaving' }).click();
    await page.locator('#accounts-status', { hasText: 'Lee Leaving is deactivated' }).waitFor();
    expect(dialogs.pop()).toMatch(/signed out at once.*claimed go back to the review queue/s);
    expect(await accountRow(leaving.email).locator('.account-status').innerText()).toBe('Deactivated');
    expect(await accountRow(leaving.email).getByRole('button', { name: 'Reactivate Lee Leaving' }).count()).toBe(1);
    expect(await account(leaving.email)).toMatchObject({ active: false });
    await t.http().get('/api/v1/users/me').set(leaving.auth).expect(401);

    // A key for Ashby: shown once, with the warning and a copy button. Ashby's API key is asked for Ashby only.
    expect(await page.locator('#ashby-fields').isHidden()).toBe(true);
    await page.fill('#key-name', 'Ashby production');
    await page.selectOption('#key-provider', 'ashby');
    expect(await page.locator('#ashby-fields').isVisible()).toBe(true);
    expect(await page.locator('#key-ashby-hint').innerText()).toBe(
      'Candor calls Ashby’s assessment.update with this key.',
    );
    await page.fill('#key-ashby-api-key', 'ashby-api-key-from-the-customer');
    await shoot('admin-page-ashby-key');
    await page.click('#create-key');
    await page.locator('#key-once').waitFor({ state: 'visible' });
    const key = await page.locator('#key-once-value').innerText();
    expect(key).toMatch(/^cnd_[\w-]{32}$/);
    expect(await page.locator('#key-once').innerText()).toContain('You will not see this key again.');
    expect(await page.locator('#keys-status').innerText()).toMatch(/Key “Ashby production” created/);
    // The form is back to a Greenhouse key, without Ashby's fields.
    expect(await page.locator('#ashby-fields').isHidden()).toBe(true);
    const keyRow = page.locator('#integration-keys tbody tr').first();
    expect(await keyRow.locator('.key-name').innerText()).toBe('Ashby production');
    expect(await keyRow.locator('td[data-label="System"]').innerText()).toBe('Ashby');
    // The dates shown are the server's (its test clock), not the browser's.
    const serverNow = '2 Mar 2026, 09:00 UTC';
    await keyRow.locator('td[data-label="Created"]', { hasText: serverNow }).waitFor();
    expect(await keyRow.locator('.key-revoked').innerText()).toBe('Not revoked');
    await t.http().post('/integrations/ashby/assessment.list').set(basic(key)).send({}).expect(200);
    await shoot('admin-page');

    // Reloaded, the page no longer holds the key.
    await page.reload();
    expect(await page.content()).not.toContain(key);
    expect(await page.locator('#key-once').isHidden()).toBe(true);

    // Revoke it, after a confirm: it stops working at once.
    const ashbyRow = page.locator('#integration-keys tbody tr', { hasText: 'Ashby production' });
    await ashbyRow.getByRole('button', { name: 'Revoke Ashby production' }).click();
    await page.locator('#keys-status', { hasText: 'Key “Ashby production” is revoked' }).waitFor();
    expect(dialogs.pop()).toMatch(
      /Revoke the key “Ashby production”\? Ashby calls made with it stop working at once\./,
    );
    await ashbyRow.locator('.key-revoked', { hasText: serverNow }).waitFor();
    expect(await ashbyRow.getByRole('button').count()).toBe(0);
    await t.http().post('/integrations/ashby/assessment.list').set(basic(key)).send({}).expect(401);

    // Reloaded, every change is what the server has.
    await page.reload();
    expect(await accountRow('rowan@candor.test').locator('select').inputValue()).toBe('recruiter');
    expect(await accountRow(leaving.email).locator('.account-status').innerText()).toBe('Deactivated');
    expect(
      await page
        .locator('#integration-keys tbody tr', { hasText: 'Ashby production' })
        .locator('.key-revoked')
        .innerText(),
    ).toBe(serverNow);
    await shoot('admin-page-after');
  });

  /** The webhook's delivery once it has been tried (the job runs at once and fails to connect). */
  async function triedDelivery(invitationId: string): Promise<DeliveryRow> {
    const until = Date.now() + 15_000;
    for (;;) {
      const res = await t.http().get('/api/v1/deliveries').query({ target: 'webhook' }).set(admin.auth).expect(200);
      const found = (res.body as DeliveryRow[]).find((d) => d.invitationId === invitationId);
      if (found && found.attempts > 0) return found;
      if (Date.now() > until) throw new Error(`the delivery about ${invitationId} was never tried`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const webhookUrls = async (): Promise<string[]> =>
    ((await t.http().get('/api/v1/webhooks').set(admin.auth).expect(200)).body as { url: string }[]).map((w) => w.url);

  it('should register and delete webhooks, list deliveries and filter the audit trail when an admin uses /admin', async () => {
    await page.goto(`${base}/login?next=/admin`);
    await signIn(admin);
    await page.waitForURL(`${base}/admin`);
    // The audit trail's newest entries are read at once.
    await page.locator('#audit-entries tbody tr').first().waitFor();

    // Every event is offered, all ticked; with none ticked the form says so beside them and sends nothing.
    const boxes = page.locator('#new-webhook input[name="events"]');
    expect(await boxes.count()).toBe(7);
    expect(await boxes.evaluateAll((bs) => bs.every((b) => (b as unknown as { checked: boolean }).checked))).toBe(true);
    await page.fill('#webhook-url', HOOK_URL);
    for (const box of await boxes.all()) await box.uncheck();
    await page.click('#create-webhook');
    expect(await page.locator('#webhook-events-error').innerText()).toBe('Choose at least one event.');
    expect(await page.evaluate(IN_PAGE.focusedId)).toBe('webhook-event-0');

    // Registered for withdrawn invitations only: the secret is shown once, with how to check the signature.
    await page.check('#new-webhook input[value="invitation.withdrawn"]');
    await page.click('#create-webhook');
    await page.locator('#webhook-once').waitFor({ state: 'visible' });
    const secret = await page.locator('#webhook-once-secret').innerText();
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    const once = await page.locator('#webhook-once').innerText();
    expect(once).toContain('You will not see this secret again.');
    expect(once).toMatch(/Candor-Signature.*“Webhooks and outbound deliveries” in Candor’s README/s);
    expect(await page.evaluate(IN_PAGE.focusedId)).toBe('webhook-once');
    expect(await page.locator('#webhooks-status').innerText()).toMatch(
      /Webhook registered for http:\/\/127\.0\.0\.1:9\/hook/,
    );
    const hookRow = page.locator('#webhook-list tr[data-webhook-id]', { hasText: HOOK_URL });
    expect(await hookRow.locator('td[data-label="Events"]').innerText()).toBe('invitation.withdrawn');
    await hookRow.locator('td[data-label="Created"]', { hasText: '2 Mar 2026, 09:00 UTC' }).waitFor();
    // The form is ready for the next one: every event ticked again.
    expect(await boxes.evaluateAll((bs) => bs.every((b) => (b as unknown as { checked: boolean }).checked))).toBe(true);
    expect(await webhookUrls()).toEqual([HOOK_URL]);
    await shoot('admin-page-webhook-secret');

    // A second one, then deleted after a confirm that says what stops.
    const other = 'https://hooks.example.test/candor';
    await page.fill('#webhook-url', other);
    await page.click('#create-webhook');
    const otherRow = page.locator('#webhook-list tr[data-webhook-id]', { hasText: other });
    await otherRow.waitFor();
    expect(await otherRow.locator('td[data-label="Events"] code').count()).toBe(7);
    await otherRow.getByRole('button', { name: `Delete the webhook to ${other}` }).click();
    await page.locator('#webhooks-status', { hasText: `The webhook to ${other} is deleted` }).waitFor();
    expect(dialogs.pop()).toMatch(
      /^Delete the webhook to https:\/\/hooks\.example\.test\/candor\? Candor stops sending/,
    );
    expect(await otherRow.count()).toBe(0);
    expect(await page.evaluate(IN_PAGE.focusedId)).toBe('webhooks-title');
    expect(await webhookUrls()).toEqual([HOOK_URL]);

    // Reloaded, the page no longer holds the secret.
    await page.reload();
    expect(await page.content()).not.toContain(secret);
    expect(await page.locator('#webhook-once').isHidden()).toBe(true);

    // A candidate invited and then withdrawn: the webhook's delivery cannot connect and waits for its next try.
    const assessment = await createPublishedAssessment(t, recruiter, { title: 'Webhook trial' });
    const { invitation } = await inviteCandidate(t, recruiter, assessment.id);
    await t.http().post(`/api/v1/invitations/${invitation.id}/withdraw`).set(recruiter.auth).expect(200);
    const delivery = await triedDelivery(invitation.id);
    expect(delivery).toMatchObject({ event: 'invitation.withdrawn', status: 'pending' });
    expect(delivery.lastError).toBeTruthy();

    // The deliveries section lists it.
    await page.reload();
    const deliveryRow = page.locator(`#delivery-list tr[data-delivery-id="${delivery.id}"]`);
    // The webhook named by its host only: a URL's path may hold the receiver's secrets.
    expect(await deliveryRow.locator('td[data-label="Sent to"]').innerText()).toMatch(/^Webhook\s+127\.0\.0\.1:9$/);
    expect(await deliveryRow.locator('td[data-label="Event"]').innerText()).toBe('invitation.withdrawn');
    expect(await deliveryRow.locator('td[data-label="Status"]').innerText()).toBe('Pending');
    expect(Number(await deliveryRow.locator('td[data-label="Attempts"]').innerText())).toBeGreaterThanOrEqual(1);
    expect(await deliveryRow.locator('td[data-label="Last answer"]').innerText()).toBe(delivery.lastError);
    expect(await deliveryRow.locator('td[data-label="Delivered"]').innerText()).toMatch(/^Next try \d/);

    // Its attempts, fetched when opened.
    const attemptsButton = deliveryRow.getByRole('button', { name: /^Attempts at the invitation\.withdrawn call/ });
    await attemptsButton.click();
    const attempts = page.locator(`#attempts-of-${delivery.id}`);
    await attempts.locator('table tbody tr').first().waitFor();
    expect(await attemptsButton.getAttribute('aria-expanded')).toBe('true');
    expect(await attempts.locator('.delivery-facts').innerText()).toBe(
      `POST to 127.0.0.1:9, about invitation ${invitation.id}.`,
    );
    expect(await attempts.locator('tbody tr').first().locator('td[data-label="Answer"]').innerText()).toBe(
      delivery.lastError,
    );

    // The webhook's own deliveries, opened under it.
    const hookDeliveries = hookRow.getByRole('button', { name: `Deliveries to ${HOOK_URL}` });
    await hookDeliveries.click();
    const hookDetail = page.locator('#webhook-list tr.detail-row:not([hidden])');
    await hookDetail.locator('table tbody tr').first().waitFor();
    const hookDelivery = hookDetail.locator(`tr[data-delivery-id="${delivery.id}"]`);
    expect(await hookDelivery.locator('td[data-label="Event"]').innerText()).toBe('invitation.withdrawn');
    expect(await hookDelivery.locator('td[data-label="Status"]').innerText()).toBe('Pending');
    expect(await hookDeliveries.getAttribute('aria-expanded')).toBe('true');

    // The audit trail by the invitation's id: its whole story, who did it named.
    const auditRows = page.locator('#audit-entries tbody tr');
    await page.fill('#audit-actor', 'nobody');
    await page.click('#filter-audit');
    await page.locator('#audit-actor-error:not(:empty)').waitFor();
    expect(await page.locator('#audit-actor-error').innerText()).toBe('The actor id must be a UUID');
    expect(await page.evaluate(IN_PAGE.focusedId)).toBe('audit-actor');
    await page.fill('#audit-actor', '');
    await page.fill('#audit-id', invitation.id);
    await page.fill('#audit-from', '2026-03-02');
    await page.fill('#audit-to', '2026-03-02');
    await page.click('#filter-audit');
    await page.locator('#audit-status', { hasText: 'that match' }).waitFor();
    const actions = await auditRows.locator('td[data-label="Action"]').allInnerTexts();
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.withdrawn']));
    expect(new Set(await auditRows.locator('td[data-label="Entity id"]').allInnerTexts())).toEqual(
      new Set([invitation.id]),
    );
    const withdrawn = auditRows.filter({ hasText: 'invitation.withdrawn' });
    expect(await withdrawn.locator('td[data-label="Actor"]').innerText()).toBe(
      `Staff (Rita Recruiter) ${recruiter.id}`,
    );
    expect(await withdrawn.locator('td[data-label="Time"]').innerText()).toBe('2 Mar 2026, 09:00 UTC');
    await shoot('admin-page-webhooks');

    // A day before: nothing.
    await page.fill('#audit-to', '2026-03-01');
    await page.fill('#audit-from', '');
    await page.click('#filter-audit');
    await page.locator('#audit-status', { hasText: 'No entries match.' }).waitFor();
    expect(await page.locator('#audit-entries').isHidden()).toBe(true);

    // The deliveries filters: none delivered; the pending webhook call is found.
    await page.selectOption('#delivery-state', 'delivered');
    await page.click('#filter-deliveries');
    await page.waitForURL(/status=delivered/);
    expect(await page.locator('#deliveries-empty').innerText()).toBe('No outbound calls match these filters.');
    expect(await page.locator('#deliveries-summary').innerText()).toBe('The newest 50 delivered outbound calls.');
    await page.selectOption('#delivery-target', 'webhook');
    await page.selectOption('#delivery-state', 'pending');
    await page.click('#filter-deliveries');
    await page.waitForURL(/target=webhook&status=pending/);
    await deliveryRow.waitFor();
    expect(await page.locator('#deliveries-summary').innerText()).toBe(
      'The newest 50 pending outbound calls to webhooks.',
    );
    await page.click('#all-deliveries');
    await page.waitForURL(`${base}/admin#deliveries`);
    // A status the deliveries do not have is bad input, said on a page.
    expect((await page.goto(`${base}/admin?status=sent`))?.status()).toBe(400);
  });

  it('should refuse the last active admin leaving their role with a message when they try it on themselves', async () => {
    await page.goto(`${base}/login?next=/admin`);
    await signIn(admin);
    await page.waitForURL(`${base}/admin`);
    // The test's admin is one of two (the first admin from the environment): leave only this one active.
    const others = (
      (await t.http().get('/api/v1/users').set(admin.auth).expect(200)).body as {
        id: string;
        role: string;
        active: boolean;
      }[]
    ).filter((u) => u.role === 'admin' && u.active && u.id !== admin.id);
    for (const other of others)
      await t.http().patch(`/api/v1/users/${other.id}`).set(admin.auth).send({ active: false }).expect(200);
    try {
      await page.reload();
      await accountRow(admin.email).getByRole('button', { name: 'Deactivate Ada Admin' }).click();
      await page.locator('#accounts-status.problem').waitFor();
      expect(await page.locator('#accounts-status').innerText()).toMatch(/last active admin/);
      expect(await accountRow(admin.email).locator('.account-status').innerText()).toBe('Active');
    } finally {
      for (const other of others)
        await t.http().patch(`/api/v1/users/${other.id}`).set(admin.auth).send({ active: true }).expect(200);
    }
  });

  it('should show a recruiter the 403 page with the pages they may open when they open /admin', async () => {
    await page.goto(`${base}/admin`);
    await signIn(recruiter);
    await page.waitForURL(`${base}/admin`);
    expect(await page.locator('h1').innerText()).toBe('Your role may not do this');
    const links = await page.locator('.page-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['/dashboard', '/assessments', '/invitations']);
    await screenshot(page, 'admin-page-forbidden-recruiter');
  });
});
