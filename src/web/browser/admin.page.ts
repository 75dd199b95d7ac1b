// The /admin page: staff accounts (create, change role, deactivate, reactivate), integration keys (create, shown
// once; revoke), webhooks (register, secret shown once; delete; their deliveries), outbound deliveries (each one's
// attempts) and the audit trail (read and filtered here, from the audit endpoint). The server rendered the other
// lists; changes go through the API and the rows are updated in place. Each action reports in its section's live
// region. No inline script (CSP).
import {
  ACTOR_LABELS,
  AUDIT_SHOWN,
  auditData,
  DELIVERY_STATUS_BADGES,
  DELIVERY_STATUS_LABELS,
  deliveryOutcome,
  lastResult,
  PROVIDER_LABELS,
  ROLE_LABELS,
} from '../../admin-pages/admin-format.js';
import { utcMinute } from '../../common/clock/utc-text.js';
import { api, byId, clearFieldErrors, field, type FieldError, type Problem } from './staff-api.js';

interface Account {
  id: string;
  name: string;
  email: string;
  role: string;
  active?: boolean;
}

interface KeyDates {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface CreatedKey {
  id: string;
  name: string;
  provider: string;
  key: string;
}

/** Letters and digits without look-alikes (0/O, 1/l/I), and a few symbols that survive copying into any form. */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!?#%+';
const PASSWORD_LENGTH = 20;

/** A random password from the browser's cryptographic generator; rejection sampling keeps every character equally likely. */
export function generatePassword(length = PASSWORD_LENGTH): string {
  const n = PASSWORD_ALPHABET.length;
  const limit = 256 - (256 % n);
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out.push(PASSWORD_ALPHABET[byte % n]);
    }
  }
  return out.join('');
}

function report(region: HTMLElement | null, text: string, tone: 'done' | 'problem'): void {
  if (!region) return;
  region.classList.toggle('done', tone === 'done');
  region.classList.toggle('problem', tone === 'problem');
  region.textContent = text;
}

const problemText = (status: number, problem: string | null, doing: string): string =>
  problem ?? (status === 0 ? `Could not ${doing}: Candor did not answer.` : `Could not ${doing} (error ${status}).`);

/**
 * Shows each field error beside its field (by `data-field`); returns those with no place beside a field. `labels`
 * puts the form's words for a field in place of its API name at the start of a message.
 */
function showFieldErrors(
  form: HTMLFormElement,
  errors: FieldError[] | undefined,
  labels: Record<string, string> = {},
): FieldError[] {
  const unplaced: FieldError[] = [];
  for (const error of errors ?? []) {
    const slot = form.querySelector<HTMLElement>(`.field-error[data-field="${CSS.escape(error.field)}"]`);
    const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(error.field)}"]`);
    if (!slot) {
      unplaced.push(error);
      continue;
    }
    const message = sentence(error.message.replace(/^\w+/, (name) => labels[name] ?? name));
    slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    input?.setAttribute('aria-invalid', 'true');
  }
  return unplaced;
}

/** The first field marked invalid, to focus: a group of checkboxes gives its first box. */
function firstInvalid(form: HTMLFormElement): HTMLElement | null {
  const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  return invalid instanceof HTMLFieldSetElement ? invalid.querySelector<HTMLElement>('input') : invalid;
}

/** A table cell as the server renders them: labelled for the phone's list, with text or ready-made content. */
function cell(label: string, content: string | Node, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (className) td.className = className;
  td.append(content);
  return td;
}

function codeOf(text: string): HTMLElement {
  const code = document.createElement('code');
  code.textContent = text;
  return code;
}

function badgeOf(status: string): HTMLElement {
  const badge = document.createElement('span');
  badge.className = DELIVERY_STATUS_BADGES[status] ?? 'badge';
  badge.textContent = DELIVERY_STATUS_LABELS[status as keyof typeof DELIVERY_STATUS_LABELS] ?? status;
  return badge;
}

function paragraph(text: string, className: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

/** A table like the page's others (the phone shows it as labelled lists too). */
function tableOf(caption: string, headings: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'admin-table nested';
  const captionEl = table.createCaption();
  captionEl.className = 'visually-hidden';
  captionEl.textContent = caption;
  const head = table.createTHead().insertRow();
  for (const heading of headings) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = heading;
    head.append(th);
  }
  table.createTBody().append(...rows);
  return table;
}

/** The API's messages start with the field's name in lower case ("password is too easy…"): a sentence here. */
const sentence = (message: string): string => message.charAt(0).toUpperCase() + message.slice(1);

async function copyFrom(button: HTMLButtonElement, region: HTMLElement | null): Promise<void> {
  const source = byId(button.dataset.copy ?? '');
  const text = source?.textContent ?? '';
  try {
    await navigator.clipboard.writeText(text);
    report(region, 'Copied.', 'done');
  } catch {
    // Without clipboard access: select it, so Ctrl+C (or a long press) copies it.
    const range = document.createRange();
    if (source) range.selectNodeContents(source);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    report(region, 'Could not copy by itself: the text is selected, press Ctrl+C (or ⌘C) to copy it.', 'problem');
  }
}

// ----- staff accounts

const accountsStatus = byId('accounts-status');
const accountsTable = byId<HTMLTableElement>('staff-accounts');

function setAccountRow(row: HTMLTableRowElement, account: Account): void {
  row.dataset.accountId = account.id;
  row.dataset.name = account.name;
  row.dataset.role = account.role;
  row.dataset.active = String(account.active !== false);
  const active = account.active !== false;
  row.classList.toggle('inactive', !active);
  const select = row.querySelector<HTMLSelectElement>('.role-select');
  if (select) {
    select.value = account.role;
    select.id = `role-${account.id}`;
    select.setAttribute('aria-label', `Role of ${account.name}`);
  }
  row.querySelector('.change-role')?.setAttribute('aria-label', `Change role of ${account.name}`);
  const status = row.querySelector<HTMLElement>('.account-status');
  if (status) {
    status.replaceChildren();
    const badge = document.createElement('span');
    badge.className = active ? 'badge ok' : 'badge off';
    badge.textContent = active ? 'Active' : 'Deactivated';
    status.append(badge);
  }
  const toggle = row.querySelector<HTMLButtonElement>('.toggle-active');
  if (toggle) {
    toggle.textContent = active ? 'Deactivate' : 'Reactivate';
    toggle.setAttribute('aria-label', `${active ? 'Deactivate' : 'Reactivate'} ${account.name}`);
  }
}

async function changeAccount(row: HTMLTableRowElement, changes: { role?: string; active?: boolean }): Promise<void> {
  const name = row.dataset.name ?? 'this person';
  const buttons = Array.from(row.querySelectorAll<HTMLButtonElement>('button'));
  for (const b of buttons) b.disabled = true;
  report(accountsStatus, 'Saving…', 'done');
  const res = await api<Account & Problem>(
    'PATCH',
    '/api/v1/users/' + encodeURIComponent(row.dataset.accountId ?? ''),
    changes,
  );
  for (const b of buttons) b.disabled = false;
  if (res.status === 200 && res.body) {
    setAccountRow(row, res.body);
    const label = ROLE_LABELS[res.body.role] ?? res.body.role;
    report(
      accountsStatus,
      changes.active === false
        ? `${name} is deactivated: they are signed out and cannot sign in.`
        : changes.active === true
          ? `${name} is active again and can sign in.`
          : `${name} is now ${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label.toLowerCase()}.`,
      'done',
    );
    return;
  }
  // Put the select back to what is stored.
  const select = row.querySelector<HTMLSelectElement>('.role-select');
  if (select) select.value = row.dataset.role ?? select.value;
  report(accountsStatus, problemText(res.status, res.problem, `change ${name}'s account`), 'problem');
}

accountsTable?.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
  const row = button?.closest<HTMLTableRowElement>('tr[data-account-id]');
  if (!button || !row) return;
  const name = row.dataset.name ?? 'this person';
  if (button.classList.contains('change-role')) {
    const role = row.querySelector<HTMLSelectElement>('.role-select')?.value ?? '';
    if (role === row.dataset.role) {
      report(accountsStatus, `${name} already has that role: pick another one first.`, 'problem');
      return;
    }
    // A recruiter cannot review: whatever they had claimed goes back to the queue.
    if (
      role === 'recruiter' &&
      !window.confirm(`Make ${name} a recruiter? Any submissions they have claimed go back to the review queue.`)
    )
      return;
    void changeAccount(row, { role });
  } else if (button.classList.contains('toggle-active')) {
    const active = row.dataset.active !== 'true';
    if (
      !active &&
      !window.confirm(
        `Deactivate ${name}? They are signed out at once and cannot sign in again until reactivated. ` +
          'Any submissions they have claimed go back to the review queue.',
      )
    )
      return;
    void changeAccount(row, { active });
  }
});

const accountForm = byId<HTMLFormElement>('new-account');
const passwordInput = byId<HTMLInputElement>('account-password');

byId<HTMLButtonElement>('generate-password')?.addEventListener('click', () => {
  if (!passwordInput) return;
  passwordInput.value = generatePassword();
  // Shown so the admin can pass it on.
  passwordInput.type = 'text';
  passwordInput.removeAttribute('aria-invalid');
  const slot = byId('account-password-error');
  if (slot) slot.textContent = '';
  report(accountsStatus, 'A random password is in the Password field. Pass it on to the person safely.', 'done');
});

accountForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  void createAccount(accountForm);
});

async function createAccount(form: HTMLFormElement): Promise<void> {
  clearFieldErrors(form);
  const data = new FormData(form);
  const body = {
    name: field(data, 'name'),
    email: field(data, 'email'),
    role: field(data, 'role'),
    password: field(data, 'password'),
  };
  const submit = byId<HTMLButtonElement>('create-account');
  if (submit) submit.disabled = true;
  report(accountsStatus, 'Creating the account…', 'done');
  const res = await api<Account & Problem>('POST', '/api/v1/users', body);
  if (submit) submit.disabled = false;
  if (res.status === 201 && res.body) {
    addAccountRow({ ...res.body, active: true });
    byId('created-name')!.textContent = res.body.name;
    byId('created-email')!.textContent = res.body.email;
    byId('created-password')!.textContent = body.password;
    byId('account-created')!.hidden = false;
    form.reset();
    if (passwordInput) passwordInput.type = 'password';
    report(
      accountsStatus,
      `Account created for ${res.body.name} as ${(ROLE_LABELS[res.body.role] ?? res.body.role).toLowerCase()}. ` +
        'Pass the password on to them now: it is shown below once.',
      'done',
    );
    return;
  }
  if (res.status === 409) {
    // The email, or one that looks the same, is taken: that is the email field's problem.
    showFieldErrors(form, [{ field: 'email', message: res.problem ?? 'A user with this email already exists.' }]);
    report(accountsStatus, 'The account was not created: see the email field.', 'problem');
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    return;
  }
  const unplaced = showFieldErrors(form, res.body?.errors);
  const placed = (res.body?.errors?.length ?? 0) - unplaced.length;
  report(
    accountsStatus,
    unplaced.length > 0
      ? `The account was not created: ${unplaced.map((e) => sentence(e.message)).join(' ')}`
      : placed > 0
        ? 'The account was not created: see the messages beside the fields.'
        : problemText(res.status, res.problem, 'create the account'),
    'problem',
  );
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

function addAccountRow(account: Account): void {
  const template = byId<HTMLTemplateElement>('account-row');
  const body = accountsTable?.tBodies[0];
  if (!template || !body) return;
  const row = (template.content.firstElementChild as HTMLTableRowElement).cloneNode(true) as HTMLTableRowElement;
  row.querySelector('.account-name')!.textContent = account.name;
  row.querySelector('.account-email')!.textContent = account.email;
  row.querySelector('.when')!.textContent = utcMinute(new Date());
  setAccountRow(row, account);
  body.append(row);
}

// ----- integration keys

const keysStatus = byId('keys-status');
const keysTable = byId<HTMLTableElement>('integration-keys');
const keyForm = byId<HTMLFormElement>('new-key');

const providerSelect = byId<HTMLSelectElement>('key-provider');
const ashbyFields = byId('ashby-fields');

/** Ashby's API key and URL are asked only for an Ashby key. */
function showProviderFields(): void {
  if (ashbyFields && providerSelect) ashbyFields.hidden = providerSelect.value !== 'ashby';
}
providerSelect?.addEventListener('change', showProviderFields);
// The browser may have restored the form's last choice (back, reload).
showProviderFields();

const KEY_FIELD_LABELS = { ashbyApiKey: 'the Ashby API key', ashbyApiUrl: 'the Ashby API URL' };

keyForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  void createKey(keyForm);
});

async function createKey(form: HTMLFormElement): Promise<void> {
  clearFieldErrors(form);
  const data = new FormData(form);
  const body: Record<string, string> = { name: field(data, 'name'), provider: field(data, 'provider') };
  if (body.provider === 'ashby') {
    const apiKey = field(data, 'ashbyApiKey').trim();
    const apiUrl = field(data, 'ashbyApiUrl').trim();
    if (apiKey) body.ashbyApiKey = apiKey;
    if (apiUrl) body.ashbyApiUrl = apiUrl;
  }
  const submit = byId<HTMLButtonElement>('create-key');
  if (submit) submit.disabled = true;
  report(keysStatus, 'Creating the key…', 'done');
  const res = await api<CreatedKey & Problem>('POST', '/api/v1/integrations/keys', body);
  if (submit) submit.disabled = false;
  if (res.status === 201 && res.body) {
    const provider = PROVIDER_LABELS[res.body.provider] ?? res.body.provider;
    byId('key-once-name')!.textContent = res.body.name;
    byId('key-once-provider')!.textContent = provider;
    byId('key-once-provider-again')!.textContent = provider;
    byId('key-once-value')!.textContent = res.body.key;
    byId('key-once')!.hidden = false;
    addKeyRow(res.body, provider);
    void showStoredDates(res.body.id);
    form.reset();
    showProviderFields();
    report(keysStatus, `Key “${res.body.name}” created. Copy it now: you will not see it again.`, 'done');
    return;
  }
  const unplaced = showFieldErrors(form, res.body?.errors, KEY_FIELD_LABELS);
  report(
    keysStatus,
    unplaced.length > 0
      ? `The key was not created: ${unplaced.map((e) => sentence(e.message)).join(' ')}`
      : res.body?.errors?.length
        ? 'The key was not created: see the message below the form.'
        : problemText(res.status, res.problem, 'create the key'),
    'problem',
  );
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

function addKeyRow(key: CreatedKey, provider: string): void {
  const template = byId<HTMLTemplateElement>('key-row');
  const body = keysTable?.tBodies[0];
  if (!template || !body || !keysTable) return;
  const row = (template.content.firstElementChild as HTMLTableRowElement).cloneNode(true) as HTMLTableRowElement;
  row.dataset.keyId = key.id;
  row.dataset.name = key.name;
  row.dataset.provider = provider;
  row.querySelector('.key-name')!.textContent = key.name;
  row.querySelector('.key-provider')!.textContent = provider;
  row.querySelector('.key-created')!.textContent = utcMinute(new Date());
  row.querySelector('.revoke-key')?.setAttribute('aria-label', `Revoke ${key.name}`);
  body.prepend(row);
  keysTable.hidden = false;
  const empty = byId('keys-empty');
  if (empty) empty.hidden = true;
}

/** The row shows this browser's time at first; then the dates the server stored, as the list gives them. */
async function showStoredDates(id: string): Promise<void> {
  const res = await api<KeyDates[]>('GET', '/api/v1/integrations/keys');
  const key = res.body?.find((k) => k.id === id);
  const row = keysTable?.querySelector<HTMLTableRowElement>(`tr[data-key-id="${CSS.escape(id)}"]`);
  if (!key || !row) return;
  const created = row.querySelector<HTMLElement>('td[data-label="Created"]');
  if (created) created.textContent = utcMinute(new Date(key.createdAt));
  const lastUsed = row.querySelector<HTMLElement>('td[data-label="Last used"]');
  if (lastUsed) lastUsed.textContent = key.lastUsedAt ? utcMinute(new Date(key.lastUsedAt)) : 'Never';
  const revoked = row.querySelector<HTMLElement>('.key-revoked');
  if (revoked && key.revokedAt) revoked.textContent = utcMinute(new Date(key.revokedAt));
}

keysTable?.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.revoke-key');
  const row = button?.closest<HTMLTableRowElement>('tr[data-key-id]');
  if (!button || !row) return;
  const name = row.dataset.name ?? 'this key';
  const provider = row.dataset.provider ?? 'The system';
  if (!window.confirm(`Revoke the key “${name}”? ${provider} calls made with it stop working at once.`)) return;
  void revokeKey(row, button, name);
});

async function revokeKey(row: HTMLTableRowElement, button: HTMLButtonElement, name: string): Promise<void> {
  button.disabled = true;
  report(keysStatus, 'Revoking…', 'done');
  const res = await api('DELETE', '/api/v1/integrations/keys/' + encodeURIComponent(row.dataset.keyId ?? ''));
  if (res.status === 204) {
    const revoked = row.querySelector<HTMLElement>('.key-revoked');
    if (revoked) revoked.textContent = utcMinute(new Date());
    void showStoredDates(row.dataset.keyId ?? '');
    // The focus would be lost with the button: keep it in the section.
    byId('keys-title')?.setAttribute('tabindex', '-1');
    button.remove();
    byId('keys-title')?.focus();
    report(keysStatus, `Key “${name}” is revoked: it no longer works.`, 'done');
    return;
  }
  button.disabled = false;
  report(keysStatus, problemText(res.status, res.problem, `revoke “${name}”`), 'problem');
}

// ----- webhooks

interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

interface CreatedWebhook extends Webhook {
  secret: string;
}

interface Delivery {
  id: string;
  target: string;
  targetId: string;
  invitationId: string | null;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

interface DeliveryDetail extends Delivery {
  method: string;
  host: string;
  attemptLog: { attemptedAt: string; statusCode: number | null; error: string | null; durationMs: number }[];
}

const webhooksStatus = byId('webhooks-status');
const webhookTable = byId<HTMLTableElement>('webhook-list');
const webhookForm = byId<HTMLFormElement>('new-webhook');
const WEBHOOK_FIELD_LABELS = { url: 'the URL', events: 'the events' };

webhookForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  void registerWebhook(webhookForm);
});

async function registerWebhook(form: HTMLFormElement): Promise<void> {
  clearFieldErrors(form);
  const data = new FormData(form);
  const events = data.getAll('events').filter((e): e is string => typeof e === 'string');
  if (events.length === 0) {
    // Nothing to hear about: said here rather than in the API's words.
    showFieldErrors(form, [{ field: 'events', message: 'Choose at least one event.' }]);
    report(webhooksStatus, 'The webhook was not registered: see the events.', 'problem');
    firstInvalid(form)?.focus();
    return;
  }
  const body = { url: field(data, 'url').trim(), events };
  const submit = byId<HTMLButtonElement>('create-webhook');
  if (submit) submit.disabled = true;
  report(webhooksStatus, 'Registering the webhook…', 'done');
  const res = await api<CreatedWebhook & Problem>('POST', '/api/v1/webhooks', body);
  if (submit) submit.disabled = false;
  if (res.status === 201 && res.body) {
    byId('webhook-once-url')!.textContent = res.body.url;
    byId('webhook-once-secret')!.textContent = res.body.secret;
    const once = byId('webhook-once')!;
    once.hidden = false;
    addWebhookRow(res.body);
    form.reset();
    report(
      webhooksStatus,
      `Webhook registered for ${res.body.url}. Copy its secret now: you will not see it again.`,
      'done',
    );
    once.focus();
    return;
  }
  const unplaced = showFieldErrors(form, res.body?.errors, WEBHOOK_FIELD_LABELS);
  report(
    webhooksStatus,
    unplaced.length > 0
      ? `The webhook was not registered: ${unplaced.map((e) => sentence(e.message)).join(' ')}`
      : res.body?.errors?.length
        ? 'The webhook was not registered: see the messages beside the fields.'
        : problemText(res.status, res.problem, 'register the webhook'),
    'problem',
  );
  firstInvalid(form)?.focus();
}

function addWebhookRow(hook: Webhook): void {
  const template = byId<HTMLTemplateElement>('webhook-row');
  const body = webhookTable?.tBodies[0];
  if (!template || !body || !webhookTable) return;
  const row = (template.content.firstElementChild as HTMLTableRowElement).cloneNode(true) as HTMLTableRowElement;
  row.dataset.webhookId = hook.id;
  row.dataset.url = hook.url;
  row.querySelector('.webhook-url')!.textContent = hook.url;
  row.querySelector('.event-list')!.append(...hook.events.map(codeOf));
  row.querySelector('.when')!.textContent = utcMinute(new Date(hook.createdAt));
  const show = row.querySelector<HTMLButtonElement>('.show-deliveries')!;
  show.setAttribute('aria-controls', `deliveries-of-${hook.id}`);
  show.setAttribute('aria-label', `Deliveries to ${hook.url}`);
  row.querySelector('.delete-webhook')?.setAttribute('aria-label', `Delete the webhook to ${hook.url}`);
  const detail = document.createElement('tr');
  detail.className = 'detail-row';
  detail.id = `deliveries-of-${hook.id}`;
  detail.hidden = true;
  const detailCell = detail.insertCell();
  detailCell.colSpan = row.cells.length;
  detailCell.className = 'detail';
  body.prepend(row, detail);
  webhookTable.hidden = false;
  const empty = byId('webhooks-empty');
  if (empty) empty.hidden = true;
}

webhookTable?.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
  const row = button?.closest<HTMLTableRowElement>('tr[data-webhook-id]');
  if (!button || !row) return;
  const url = row.dataset.url ?? 'this URL';
  if (button.classList.contains('show-deliveries')) {
    void toggleWebhookDeliveries(row, button, url);
  } else if (button.classList.contains('delete-webhook')) {
    if (
      !window.confirm(
        `Delete the webhook to ${url}? Candor stops sending to it at once, deliveries still waiting included.`,
      )
    )
      return;
    void deleteWebhook(row, button, url);
  }
});

async function deleteWebhook(row: HTMLTableRowElement, button: HTMLButtonElement, url: string): Promise<void> {
  button.disabled = true;
  report(webhooksStatus, 'Deleting…', 'done');
  const res = await api('DELETE', '/api/v1/webhooks/' + encodeURIComponent(row.dataset.webhookId ?? ''));
  if (res.status === 204) {
    byId(`deliveries-of-${row.dataset.webhookId ?? ''}`)?.remove();
    row.remove();
    if (webhookTable && webhookTable.tBodies[0].rows.length === 0) {
      webhookTable.hidden = true;
      const empty = byId('webhooks-empty');
      if (empty) empty.hidden = false;
    }
    // The focus would be lost with the row: keep it in the section.
    byId('webhooks-title')?.focus();
    report(webhooksStatus, `The webhook to ${url} is deleted: nothing more is sent to it.`, 'done');
    return;
  }
  button.disabled = false;
  report(webhooksStatus, problemText(res.status, res.problem, `delete the webhook to ${url}`), 'problem');
}

/** Opens (fetching them afresh) or closes the row under a webhook that lists its deliveries. */
async function toggleWebhookDeliveries(
  row: HTMLTableRowElement,
  button: HTMLButtonElement,
  url: string,
): Promise<void> {
  const detail = byId<HTMLTableRowElement>(button.getAttribute('aria-controls') ?? '');
  const place = detail?.cells[0];
  if (!detail || !place) return;
  if (button.getAttribute('aria-expanded') === 'true') {
    button.setAttribute('aria-expanded', 'false');
    detail.hidden = true;
    return;
  }
  button.setAttribute('aria-expanded', 'true');
  detail.hidden = false;
  place.replaceChildren(paragraph('Loading the deliveries…', 'muted small'));
  const res = await api<Delivery[]>(
    'GET',
    `/api/v1/webhooks/${encodeURIComponent(row.dataset.webhookId ?? '')}/deliveries`,
  );
  if (res.status !== 200 || !res.body) {
    place.replaceChildren(paragraph(problemText(res.status, res.problem, 'load the deliveries'), 'status problem'));
    return;
  }
  const deliveries = res.body;
  place.replaceChildren(
    deliveries.length === 0
      ? paragraph('Nothing has been sent to this webhook yet.', 'muted small')
      : tableOf(
          `Deliveries to ${url}, newest first`,
          ['Event', 'Status', 'Attempts', 'Last answer', 'Created', 'Delivered'],
          deliveries.map((d) => {
            const tr = document.createElement('tr');
            tr.dataset.deliveryId = d.id;
            tr.append(
              cell('Event', codeOf(d.event)),
              cell('Status', badgeOf(d.status), 'delivery-status'),
              cell('Attempts', String(d.attempts), 'num'),
              cell('Last answer', lastResult(d), 'last-answer'),
              cell('Created', utcMinute(new Date(d.createdAt)), 'when'),
              cell('Delivered', deliveryOutcome(d), 'outcome'),
            );
            return tr;
          }),
        ),
  );
  report(
    webhooksStatus,
    deliveries.length === 0
      ? `Nothing has been sent to ${url} yet.`
      : `${deliveries.length} ${deliveries.length === 1 ? 'delivery' : 'deliveries'} to ${url}, newest first.`,
    'done',
  );
}

// ----- deliveries

const deliveriesStatus = byId('deliveries-status');

byId('delivery-list')?.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.show-attempts');
  const row = button?.closest<HTMLTableRowElement>('tr[data-delivery-id]');
  if (button && row) void toggleAttempts(row, button);
});

/** Opens (fetching it afresh, and bringing the row up to date) or closes the row that lists a delivery's attempts. */
async function toggleAttempts(row: HTMLTableRowElement, button: HTMLButtonElement): Promise<void> {
  const detail = byId<HTMLTableRowElement>(button.getAttribute('aria-controls') ?? '');
  const place = detail?.cells[0];
  if (!detail || !place) return;
  if (button.getAttribute('aria-expanded') === 'true') {
    button.setAttribute('aria-expanded', 'false');
    detail.hidden = true;
    return;
  }
  button.setAttribute('aria-expanded', 'true');
  detail.hidden = false;
  place.replaceChildren(paragraph('Loading the attempts…', 'muted small'));
  const res = await api<DeliveryDetail>(
    'GET',
    `/api/v1/deliveries/${encodeURIComponent(row.dataset.deliveryId ?? '')}`,
  );
  if (res.status !== 200 || !res.body) {
    place.replaceChildren(paragraph(problemText(res.status, res.problem, 'load the attempts'), 'status problem'));
    return;
  }
  const d = res.body;
  row.querySelector('.delivery-status')?.replaceChildren(badgeOf(d.status));
  row.querySelector('td[data-label="Attempts"]')?.replaceChildren(String(d.attempts));
  row.querySelector('.last-answer')?.replaceChildren(lastResult(d));
  row.querySelector('td[data-label="Delivered"]')?.replaceChildren(deliveryOutcome(d));
  const about = d.invitationId ? `, about invitation ${d.invitationId}` : '';
  place.replaceChildren(
    paragraph(`${d.method} to ${d.host}${about}.`, 'small delivery-facts'),
    d.attemptLog.length === 0
      ? paragraph('Not tried yet.', 'muted small')
      : tableOf(
          'Attempts, oldest first',
          ['Tried', 'Answer', 'Took'],
          d.attemptLog.map((a) => {
            const tr = document.createElement('tr');
            tr.append(
              cell('Tried', utcMinute(new Date(a.attemptedAt)), 'when'),
              cell('Answer', a.error ?? (a.statusCode !== null ? `HTTP ${a.statusCode}` : '—'), 'last-answer'),
              cell('Took', `${a.durationMs} ms`, 'num'),
            );
            return tr;
          }),
        ),
  );
  report(
    deliveriesStatus,
    `${d.attemptLog.length} ${d.attemptLog.length === 1 ? 'attempt' : 'attempts'} at the ${d.event} delivery.`,
    'done',
  );
}

// ----- audit trail

interface AuditEntry {
  at: string;
  actor: { type: string; id: string | null };
  action: string;
  entity: string;
  entityId: string;
  data: Record<string, string | number | boolean | null>;
}

const auditStatus = byId('audit-status');
const auditTable = byId<HTMLTableElement>('audit-entries');
const auditForm = byId<HTMLFormElement>('audit-filter');
const AUDIT_FIELD_LABELS = { id: 'the invitation id', actor: 'the actor id', from: 'from', to: 'to' };

/** The API's `to` is exclusive; the form's "To" day is included, so the day after it is sent. */
function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(d.getTime())) return day;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

auditForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  void loadAudit(auditForm, true);
});
auditForm?.addEventListener('reset', () => {
  clearFieldErrors(auditForm);
  // The event comes before the fields are emptied: read them after.
  setTimeout(() => void loadAudit(auditForm, true), 0);
});
// The newest entries at once, without filters.
if (auditForm) void loadAudit(auditForm, false);

async function loadAudit(form: HTMLFormElement, asked: boolean): Promise<void> {
  clearFieldErrors(form);
  const data = new FormData(form);
  const params = new URLSearchParams({ limit: String(AUDIT_SHOWN) });
  for (const name of ['id', 'actor', 'from', 'to']) {
    const value = field(data, name).trim();
    if (value) params.set(name, name === 'to' ? dayAfter(value) : value);
  }
  const filtered = [...params.keys()].length > 1;
  const submit = byId<HTMLButtonElement>('filter-audit');
  if (submit) submit.disabled = true;
  if (asked) report(auditStatus, 'Reading the audit trail…', 'done');
  const res = await api<AuditEntry[] & Problem>('GET', `/api/v1/audit?${params.toString()}`);
  if (submit) submit.disabled = false;
  if (res.status === 200 && Array.isArray(res.body)) {
    showAudit(res.body);
    const n = res.body.length;
    report(
      auditStatus,
      n === 0
        ? 'No entries match.'
        : `${n === AUDIT_SHOWN ? `The newest ${n}` : String(n)} ${n === 1 ? 'entry' : 'entries'}${filtered ? ' that match' : ''}, newest first.`,
      'done',
    );
    return;
  }
  const unplaced = showFieldErrors(form, res.body?.errors, AUDIT_FIELD_LABELS);
  report(
    auditStatus,
    unplaced.length > 0
      ? `The audit trail was not read: ${unplaced.map((e) => sentence(e.message)).join(' ')}`
      : res.body?.errors?.length
        ? 'The audit trail was not read: see the messages beside the filters.'
        : problemText(res.status, res.problem, 'read the audit trail'),
    'problem',
  );
  firstInvalid(form)?.focus();
}

function showAudit(entries: AuditEntry[]): void {
  const body = auditTable?.tBodies[0];
  if (!auditTable || !body) return;
  body.replaceChildren(...entries.map(auditRow));
  auditTable.hidden = entries.length === 0;
  const empty = byId('audit-empty');
  if (empty) empty.hidden = entries.length > 0;
}

function auditRow(entry: AuditEntry): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const time = document.createElement('time');
  time.dateTime = entry.at;
  time.textContent = utcMinute(new Date(entry.at));
  const actor = document.createElement('span');
  actor.className = 'actor';
  actor.append(ACTOR_LABELS[entry.actor.type] ?? entry.actor.type);
  // A staff member or an integration key on this page is named too: an id alone says little.
  const id = entry.actor.id ? CSS.escape(entry.actor.id) : null;
  const named = id
    ? document.querySelector<HTMLTableRowElement>(`tr[data-account-id="${id}"], tr[data-key-id="${id}"]`)
    : null;
  if (named?.dataset.name) actor.append(` (${named.dataset.name})`);
  if (entry.actor.id) actor.append(' ', codeOf(entry.actor.id));
  const data = auditData(entry.data);
  tr.append(
    cell('Time', time, 'when'),
    cell('Actor', actor, 'ids'),
    cell('Action', codeOf(entry.action)),
    cell('Entity', entry.entity),
    cell('Entity id', codeOf(entry.entityId), 'ids'),
    cell('Data', data ? codeOf(data) : '—', 'audit-data'),
  );
  return tr;
}

for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button.copy'))) {
  button.addEventListener('click', () => {
    void copyFrom(
      button,
      button.closest('#keys') ? keysStatus : button.closest('#webhooks') ? webhooksStatus : accountsStatus,
    );
  });
}
