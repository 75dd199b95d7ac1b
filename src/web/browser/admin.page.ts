// The /admin page: staff accounts (create, change role, deactivate, reactivate), integration keys (create, shown
// once; revoke). The server rendered every list; changes go through the API and the rows are updated in place.
// Each action reports in its section's live region. No inline script (CSP).
import { PROVIDER_LABELS, ROLE_LABELS } from '../../admin-pages/admin-format.js';
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

/** Shows each field error beside its field (by `data-field`); returns those with no place beside a field. */
function showFieldErrors(form: HTMLFormElement, errors: FieldError[] | undefined): FieldError[] {
  const unplaced: FieldError[] = [];
  for (const error of errors ?? []) {
    const slot = form.querySelector<HTMLElement>(`.field-error[data-field="${CSS.escape(error.field)}"]`);
    const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(error.field)}"]`);
    if (!slot) {
      unplaced.push(error);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent} ${sentence(error.message)}` : sentence(error.message);
    input?.setAttribute('aria-invalid', 'true');
  }
  return unplaced;
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

keyForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  void createKey(keyForm);
});

async function createKey(form: HTMLFormElement): Promise<void> {
  clearFieldErrors(form);
  const data = new FormData(form);
  const body = { name: field(data, 'name'), provider: field(data, 'provider') };
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
    report(keysStatus, `Key “${res.body.name}” created. Copy it now: you will not see it again.`, 'done');
    return;
  }
  const unplaced = showFieldErrors(form, res.body?.errors);
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

for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button.copy'))) {
  button.addEventListener('click', () => {
    void copyFrom(button, button.closest('#keys') ? keysStatus : accountsStatus);
  });
}
