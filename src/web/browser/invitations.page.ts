// The /invitations page: invite one, invite many from a CSV file (read here, posted as text/csv to the bulk
// endpoint, all or nothing), show the new links once with a CSV download built here (no server copy of the
// tokens), and per candidate: extend time, resend, withdraw. Rows are updated in place; each action reports in a
// live region. No inline script (CSP).
import {
  CHANGEABLE_STATUSES,
  plainMessage,
  rowFieldLabel,
  STATUS_LABELS,
  whenOrDash,
} from '../../invitation-pages/invitation-format.js';
import { api, byId, clearFieldErrors, field, type FieldError, type Problem } from './staff-api.js';

interface NewLink {
  row: number;
  candidateName: string;
  candidateEmail: string;
  startBy: string;
  link: string;
}

interface InvitationState {
  id: string;
  status: string;
  deadline: string | null;
}

function say(id: string, text: string, tone: 'done' | 'problem' | '' = ''): void {
  const el = byId(id);
  if (!el) return;
  el.textContent = text;
  el.className = `status ${tone}`.trim();
}

const problemText = (status: number, body: unknown, fallback: string): string => {
  const p = body as Problem | null;
  if (status === 0) return 'Candor could not be reached. Check your connection and try again.';
  return p?.detail ?? fallback;
};

// ---- The links shown once (invite one and invite many) ----

let shownLinks: NewLink[] = [];

function showLinks(links: NewLink[], assessmentId: string): void {
  shownLinks = links;
  const section = byId('created-links');
  const body = document.querySelector<HTMLTableSectionElement>('#links-table tbody');
  if (!section || !body) return;
  body.replaceChildren(
    ...links.map((l) => {
      const tr = document.createElement('tr');
      const cells: [string, string, string?][] = [
        ['Row', String(l.row)],
        ['Candidate', `${l.candidateName} <${l.candidateEmail}>`],
        ['Start by', whenOrDash(l.startBy), 'when'],
        ['Link', l.link, 'link'],
      ];
      for (const [label, text, cls] of cells) {
        const td = document.createElement('td');
        td.dataset.label = label;
        if (cls) td.className = cls;
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );
  const refresh = byId<HTMLAnchorElement>('refresh-list');
  if (refresh) refresh.href = `/invitations?assessmentId=${encodeURIComponent(assessmentId)}`;
  section.hidden = false;
  section.focus();
}

// A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets: a candidate named
// "=HYPERLINK(...)" in an upload would run in the recruiter's spreadsheet. As src/metrics/csv.ts does, such a cell
// gets a leading apostrophe (shown, never evaluated), and ";" and tab are quoted for locales that split on them.
const FORMULA_START = /^[=+\-@\t\r]/;
function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\t\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Built here from what the server answered: the tokens never leave this page except into the file. */
function downloadLinks(): void {
  const lines = [
    'candidateName,candidateEmail,startBy,link',
    ...shownLinks.map((l) => [l.candidateName, l.candidateEmail, l.startBy, l.link].map(csvCell).join(',')),
  ];
  const url = URL.createObjectURL(new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'candor-invitation-links.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- Invite one ----

/** Puts each error beside its field; returns whether any found a place. */
function showFieldErrors(form: HTMLFormElement, errors: FieldError[]): boolean {
  let first: HTMLElement | null = null;
  for (const e of errors) {
    const slot = form.querySelector<HTMLElement>(`.field-error[data-field="${e.field}"]`);
    if (!slot) continue;
    slot.textContent = (slot.textContent ? `${slot.textContent} ` : '') + plainMessage(e.message);
    const input = form.querySelector<HTMLElement>(`[name="${e.field}"]`);
    input?.setAttribute('aria-invalid', 'true');
    first ??= input;
  }
  first?.focus();
  return first !== null;
}

async function inviteOne(form: HTMLFormElement): Promise<void> {
  clearFieldErrors(form);
  const data = new FormData(form);
  const assessmentId = field(data, 'assessmentId');
  const extra = field(data, 'extraMinutes').trim();
  const body: Record<string, unknown> = {
    candidateName: field(data, 'candidateName'),
    candidateEmail: field(data, 'candidateEmail').trim(),
  };
  if (extra !== '') body.extraMinutes = /^\d+$/.test(extra) ? Number(extra) : extra;
  say('invite-status', 'Sending the invitation…');
  const res = await api<NewLink & { id: string }>(
    'POST',
    `/api/v1/assessments/${encodeURIComponent(assessmentId)}/invitations`,
    body,
  );
  if (res.status === 201 && res.body) {
    say('invite-status', `Invitation sent to ${res.body.candidateEmail}.`, 'done');
    showLinks([{ ...res.body, row: 1 }], assessmentId);
    form.reset();
    return;
  }
  const errors = (res.body as Problem | null)?.errors ?? [];
  const placed = res.status === 400 && showFieldErrors(form, errors);
  say(
    'invite-status',
    placed
      ? 'Please correct the fields marked above.'
      : problemText(res.status, res.body, 'The invitation was not sent.'),
    'problem',
  );
}

// ---- Invite many ----

function listBulkErrors(errors: FieldError[]): void {
  const list = byId('bulk-errors');
  const box = byId('bulk-problems');
  if (!list || !box) return;
  list.replaceChildren(
    ...errors.map((e) => {
      const li = document.createElement('li');
      li.dataset.field = e.field;
      const where = document.createElement('strong');
      where.textContent = `${rowFieldLabel(e.field)}: `;
      li.append(where, plainMessage(e.message));
      return li;
    }),
  );
  box.hidden = errors.length === 0;
}

async function inviteMany(form: HTMLFormElement): Promise<void> {
  listBulkErrors([]);
  const file = byId<HTMLInputElement>('bulk-file')?.files?.[0];
  const assessmentId = byId<HTMLSelectElement>('bulk-assessment')?.value ?? '';
  if (!file) {
    say('bulk-status', 'Choose a CSV file first.', 'problem');
    byId('bulk-file')?.focus();
    return;
  }
  const button = byId<HTMLButtonElement>('bulk-upload');
  if (button) button.disabled = true;
  say('bulk-status', `Reading ${file.name}…`);
  try {
    const text = await file.text();
    say('bulk-status', 'Inviting…');
    const res = await api<{ invitations: NewLink[] } & Problem>(
      'POST',
      `/api/v1/assessments/${encodeURIComponent(assessmentId)}/invitations/bulk`,
      text,
      'text/csv; charset=utf-8',
    );
    const body = res.body;
    if (res.status === 201 && body) {
      const links = body.invitations;
      say('bulk-status', `${links.length} ${links.length === 1 ? 'candidate' : 'candidates'} invited.`, 'done');
      showLinks(links, assessmentId);
      form.reset();
      return;
    }
    const errors = body?.errors ?? [];
    if (res.status === 400 && errors.length > 0) {
      const rows = new Set(errors.map((e) => /^rows\[(\d+)\]/.exec(e.field)?.[1]).filter(Boolean)).size;
      say(
        'bulk-status',
        rows > 0
          ? `Nobody was invited: ${rows} ${rows === 1 ? 'row has a problem' : 'rows have problems'}.`
          : 'Nobody was invited: the file has a problem.',
        'problem',
      );
      listBulkErrors(errors);
      return;
    }
    say(
      'bulk-status',
      res.status === 413
        ? 'The file is too large. Split it into files of at most 1000 candidates.'
        : problemText(res.status, body, 'Nobody was invited: the upload failed.'),
      'problem',
    );
  } catch {
    say('bulk-status', 'The file could not be read or sent. Try again.', 'problem');
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- Row actions ----

function rowOf(el: Element): HTMLTableRowElement | null {
  return el.closest<HTMLTableRowElement>('tr[data-invitation-id]');
}

/** Shows the new state in the row: its status, its deadline, and which actions are left. */
function updateRow(tr: HTMLTableRowElement, state: InvitationState): void {
  tr.dataset.status = state.status;
  const status = tr.querySelector('.candidate-status');
  if (status) status.textContent = STATUS_LABELS[state.status] ?? state.status;
  const deadline = tr.querySelector('.candidate-deadline .cell');
  if (deadline) deadline.textContent = whenOrDash(state.deadline);
  if (!CHANGEABLE_STATUSES.includes(state.status)) {
    const actions = tr.querySelector('td.actions');
    if (actions) {
      const note = document.createElement('span');
      note.className = 'cell muted small';
      note.textContent = 'No changes possible';
      actions.replaceChildren(note);
    }
  }
  tr.classList.add('changed');
}

let extending: HTMLTableRowElement | null = null;

function openExtend(tr: HTMLTableRowElement): void {
  const form = byId<HTMLFormElement>('extend-form');
  if (!form) return;
  extending = tr;
  form.reset();
  clearFieldErrors(form);
  const name = byId('extend-name');
  if (name) name.textContent = tr.dataset.name ?? '';
  // Beside the candidate: the form follows the row it is for.
  tr.after(formRow(form, tr));
  form.hidden = false;
  byId('extend-minutes')?.focus();
}

/** A table row holding the form, spanning the columns, so it appears under the candidate's row. */
function formRow(form: HTMLFormElement, tr: HTMLTableRowElement): HTMLTableRowElement {
  byId('extend-row')?.remove();
  const row = document.createElement('tr');
  row.id = 'extend-row';
  row.className = 'form-row';
  const td = document.createElement('td');
  td.colSpan = tr.cells.length;
  td.append(form);
  row.append(td);
  return row;
}

function closeExtend(focusBack: boolean): void {
  const form = byId<HTMLFormElement>('extend-form');
  if (form) {
    form.hidden = true;
    byId('candidates')?.append(form);
  }
  byId('extend-row')?.remove();
  if (focusBack) extending?.querySelector<HTMLButtonElement>('button.extend')?.focus();
  extending = null;
}

async function submitExtend(form: HTMLFormElement): Promise<void> {
  const tr = extending;
  if (!tr) return;
  clearFieldErrors(form);
  const data = new FormData(form);
  const minutesText = field(data, 'minutes').trim();
  const body = {
    minutes: /^\d+$/.test(minutesText) ? Number(minutesText) : minutesText,
    reason: field(data, 'reason'),
  };
  const res = await api<InvitationState & { extensionMinutes: number }>(
    'POST',
    `/api/v1/invitations/${tr.dataset.invitationId}/extensions`,
    body,
  );
  const name = tr.dataset.name ?? 'the candidate';
  if (res.status === 200 && res.body) {
    updateRow(tr, res.body);
    closeExtend(true);
    say(
      'candidates-status',
      `${name} has ${body.minutes} more minutes (${res.body.extensionMinutes} extra in all).`,
      'done',
    );
    return;
  }
  const placed = res.status === 400 && showFieldErrors(form, (res.body as Problem | null)?.errors ?? []);
  if (!placed)
    say('candidates-status', problemText(res.status, res.body, `Could not extend the time for ${name}.`), 'problem');
}

async function withdraw(tr: HTMLTableRowElement, button: HTMLButtonElement): Promise<void> {
  const name = tr.dataset.name ?? 'this candidate';
  if (
    !window.confirm(`Withdraw the invitation of ${name}? Their link stops working at once and this cannot be undone.`)
  ) {
    return;
  }
  button.disabled = true;
  const res = await api<InvitationState>('POST', `/api/v1/invitations/${tr.dataset.invitationId}/withdraw`);
  if (res.status === 200 && res.body) {
    updateRow(tr, res.body);
    say('candidates-status', `The invitation of ${name} is withdrawn.`, 'done');
    byId('candidates-status')?.focus();
    return;
  }
  button.disabled = false;
  say(
    'candidates-status',
    problemText(res.status, res.body, `Could not withdraw the invitation of ${name}.`),
    'problem',
  );
}

async function resend(tr: HTMLTableRowElement, button: HTMLButtonElement): Promise<void> {
  const name = tr.dataset.name ?? 'the candidate';
  button.disabled = true;
  const res = await api<InvitationState & { link: string }>(
    'POST',
    `/api/v1/invitations/${tr.dataset.invitationId}/resend`,
  );
  button.disabled = false;
  if (res.status === 200 && res.body) {
    updateRow(tr, res.body);
    const link = byId('resend-link');
    const who = byId('resend-name');
    if (link) link.textContent = res.body.link;
    if (who) who.textContent = name;
    const box = byId('resend-result');
    if (box) box.hidden = false;
    say('candidates-status', `The invitation was emailed to ${name} again, with a new link.`, 'done');
    return;
  }
  say('candidates-status', problemText(res.status, res.body, `Could not resend the invitation to ${name}.`), 'problem');
}

function init(): void {
  const one = byId<HTMLFormElement>('invite-one');
  one?.addEventListener('submit', (event) => {
    event.preventDefault();
    void inviteOne(one);
  });
  const bulk = byId<HTMLFormElement>('bulk-form');
  bulk?.addEventListener('submit', (event) => {
    event.preventDefault();
    void inviteMany(bulk);
  });
  byId('download-links')?.addEventListener('click', downloadLinks);

  const extendForm = byId<HTMLFormElement>('extend-form');
  extendForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitExtend(extendForm);
  });
  byId('extend-cancel')?.addEventListener('click', () => closeExtend(true));
  extendForm?.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeExtend(true);
  });

  byId('candidate-table')?.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button');
    const tr = button && rowOf(button);
    if (!button || !tr) return;
    if (button.classList.contains('extend')) openExtend(tr);
    else if (button.classList.contains('withdraw')) void withdraw(tr, button);
    else if (button.classList.contains('resend')) void resend(tr, button);
  });
}

init();
