// The assessment editor (/assessments/new, /assessments/:id): readings, questions and the rubric as form rows
// that can be added, removed and moved with buttons; Markdown previewed by the server's own renderer; saved,
// published and revised through the assessments API, whose problem+json errors are shown beside each field.
import { lengthGuidance } from '../../assessment-pages/assessment-length.js';
import { api, byId, type Problem } from './staff-api.js';

interface SectionData {
  kind: 'reading' | 'question';
  title?: string;
  body?: string;
  key?: string;
  prompt?: string;
  type?: 'text' | 'code' | 'choice';
  options?: string[];
  required?: boolean;
  language?: string;
  expectedMinutes?: number;
}

interface CriterionData {
  key: string;
  title: string;
  description?: string;
  maxScore: number;
}

interface EditorData {
  id: string | null;
  status: 'new' | 'draft' | 'published';
  sections: SectionData[];
  rubric: CriterionData[];
  languages: { value: string; label: string }[];
}

const PREVIEW_DELAY_MS = 350;
const API = '/api/v1/assessments';

let uid = 0;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A labelled control with its error line below it; `name` is the control's key inside its row. */
function field(
  id: string,
  label: string,
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  name: string,
  hint?: string,
): HTMLDivElement {
  const wrap = el('div', { class: 'field', 'data-wrap': name });
  control.id = id;
  control.dataset.name = name;
  control.dataset.label = label;
  const labelEl = el('label', { for: id }, label);
  wrap.append(labelEl);
  if (hint) {
    const hintEl = el('p', { class: 'hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    wrap.append(control, hintEl);
  } else wrap.append(control);
  wrap.append(el('p', { class: 'field-error', id: `${id}-error`, hidden: '' }));
  return wrap;
}

function input(value: string, attrs: Record<string, string> = {}): HTMLInputElement {
  const node = el('input', { autocomplete: 'off', ...attrs });
  node.value = value;
  return node;
}

function textarea(value: string, rows: number): HTMLTextAreaElement {
  const node = el('textarea', { rows: String(rows) });
  node.value = value;
  return node;
}

/* ---------- Markdown preview, rendered by the server as the candidate's page renders it ---------- */

function markdownField(id: string, label: string, value: string, name: string, rows: number): HTMLDivElement {
  const area = textarea(value, rows);
  area.classList.add('markdown');
  const wrap = field(id, label, area, name, 'Markdown: **bold**, *italic*, `code`, lists, links.');
  const preview = el('div', { class: 'markdown-preview' });
  preview.append(
    el('p', { class: 'preview-label', id: `${id}-preview-label` }, 'As the candidate will see it'),
    el('div', { class: 'prose', id: `${id}-preview`, 'aria-labelledby': `${id}-preview-label`, role: 'region' }),
  );
  wrap.append(preview);
  let timer: number | undefined;
  let sent = 0;
  const render = async (): Promise<void> => {
    const mine = ++sent;
    const target = byId(`${id}-preview`);
    if (!target) return;
    if (area.value.trim() === '') {
      target.replaceChildren(el('p', { class: 'muted' }, 'Nothing to show yet.'));
      return;
    }
    try {
      const res = await api<{ html: string } & Problem>('POST', `${API}/markdown-preview`, { markdown: area.value });
      if (mine !== sent) return; // a later keystroke's answer is on its way
      // The server's sanitised HTML: the very markup a published version stores for the candidate's page.
      if (res.status === 200 && res.body) target.innerHTML = res.body.html;
      else {
        const why = res.body?.errors?.[0]?.message?.replace(/^markdown /, '') ?? res.problem ?? 'cannot be shown';
        target.replaceChildren(el('p', { class: 'preview-problem' }, `The preview cannot be shown: this text ${why}.`));
      }
    } catch {
      if (mine === sent)
        target.replaceChildren(
          el('p', { class: 'preview-problem' }, 'The preview cannot be shown: Candor is out of reach.'),
        );
    }
  };
  area.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void render(), PREVIEW_DELAY_MS);
  });
  queueMicrotask(() => void render());
  return wrap;
}

/* ---------- sections ---------- */

function toolButton(cls: string, text: string, describedBy: string): HTMLButtonElement {
  return el('button', { type: 'button', class: `tool ${cls}`, 'aria-describedby': describedBy }, text);
}

function sectionItem(s: SectionData, languages: EditorData['languages']): HTMLLIElement {
  const p = `s${++uid}`;
  const li = el('li', { class: `section-item is-${s.kind}`, 'data-kind': s.kind, id: p });
  const head = el('div', { class: 'item-head' });
  const heading = el('h3', { id: `${p}-heading`, class: 'item-heading', tabindex: '-1' });
  const tools = el('div', { class: 'item-tools' });
  tools.append(
    toolButton('move-up', 'Move up', `${p}-heading`),
    toolButton('move-down', 'Move down', `${p}-heading`),
    toolButton('remove', 'Remove', `${p}-heading`),
  );
  head.append(heading, tools);
  li.append(head, el('p', { class: 'field-error item-error', id: `${p}-item-error`, hidden: '' }));

  if (s.kind === 'reading') {
    li.append(
      field(`${p}-title`, 'Reading title', input(s.title ?? '', { maxlength: '200' }), 'title'),
      markdownField(`${p}-body`, 'Text', s.body ?? '', 'body', 8),
    );
    return li;
  }

  const type = el('select');
  for (const [value, label] of [
    ['text', 'Text answer'],
    ['code', 'Code'],
    ['choice', 'Choice of options'],
  ])
    type.append(el('option', { value }, label));
  type.value = s.type ?? 'text';
  const language = el('select');
  language.append(el('option', { value: '' }, 'Any language'));
  for (const l of languages) language.append(el('option', { value: l.value }, l.label));
  language.value = s.language ?? '';
  const minutes = input(s.expectedMinutes === undefined ? '' : String(s.expectedMinutes), {
    type: 'number',
    inputmode: 'numeric',
    min: '1',
    max: '480',
    class: 'expected-minutes',
  });
  const required = el('input', { type: 'checkbox' });
  required.checked = s.required ?? true;

  const row = el('div', { class: 'field-row' });
  row.append(
    field(
      `${p}-key`,
      'Key (letters, digits, - or _)',
      input(s.key ?? '', { maxlength: '64', spellcheck: 'false' }),
      'key',
    ),
    field(`${p}-type`, 'Answer type', type, 'type'),
    field(`${p}-language`, 'Language', language, 'language'),
    field(`${p}-expectedMinutes`, 'Expected minutes (optional)', minutes, 'expectedMinutes'),
  );
  const options = field(
    `${p}-options`,
    'Options, one per line (at least 2)',
    textarea((s.options ?? []).join('\n'), 4),
    'options',
  );
  const requiredWrap = el('div', { class: 'field check' });
  required.id = `${p}-required`;
  required.dataset.name = 'required';
  required.dataset.label = 'Required';
  requiredWrap.append(required, el('label', { for: required.id }, 'Required: the candidate must answer it to submit'));
  li.append(row, markdownField(`${p}-prompt`, 'Prompt', s.prompt ?? '', 'prompt', 5), options, requiredWrap);

  const showTypeFields = (): void => {
    const languageWrap = li.querySelector<HTMLElement>('[data-wrap=language]');
    if (languageWrap) languageWrap.hidden = type.value !== 'code';
    options.hidden = type.value !== 'choice';
  };
  type.addEventListener('change', showTypeFields);
  showTypeFields();
  return li;
}

function criterionItem(c: Partial<CriterionData>): HTMLLIElement {
  const p = `c${++uid}`;
  const li = el('li', { class: 'criterion-item', id: p });
  const head = el('div', { class: 'item-head' });
  head.append(el('h3', { id: `${p}-heading`, class: 'item-heading', tabindex: '-1' }));
  const tools = el('div', { class: 'item-tools' });
  tools.append(toolButton('remove', 'Remove', `${p}-heading`));
  head.append(tools);
  const row = el('div', { class: 'field-row' });
  row.append(
    field(`${p}-key`, 'Key', input(c.key ?? '', { maxlength: '64', spellcheck: 'false' }), 'key'),
    field(`${p}-title`, 'Criterion', input(c.title ?? '', { maxlength: '200' }), 'title'),
    field(
      `${p}-maxScore`,
      'Highest score (1 to 10)',
      input(c.maxScore === undefined ? '5' : String(c.maxScore), {
        type: 'number',
        inputmode: 'numeric',
        min: '1',
        max: '10',
      }),
      'maxScore',
    ),
  );
  li.append(
    head,
    el('p', { class: 'field-error item-error', id: `${p}-item-error`, hidden: '' }),
    row,
    field(`${p}-description`, 'What reviewers look for (optional)', textarea(c.description ?? '', 2), 'description'),
  );
  return li;
}

/* ---------- the form's values, in the API's shape ---------- */

/** Whole numbers as numbers; anything else as typed, so that the API names the field that is wrong. */
function numberOrText(value: string): number | string {
  return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

function control(root: ParentNode, name: string): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null {
  return root.querySelector(`[data-name="${name}"]`);
}

const value = (root: ParentNode, name: string): string => control(root, name)?.value ?? '';

function collectSection(li: HTMLElement): SectionData {
  if (li.dataset.kind === 'reading') return { kind: 'reading', title: value(li, 'title'), body: value(li, 'body') };
  const type = value(li, 'type') as SectionData['type'];
  const section: SectionData = {
    kind: 'question',
    key: value(li, 'key').trim(),
    prompt: value(li, 'prompt'),
    type,
    required: (control(li, 'required') as HTMLInputElement).checked,
  };
  if (type === 'choice')
    section.options = value(li, 'options')
      .split('\n')
      .map((o) => o.trim())
      .filter((o) => o !== '');
  if (type === 'code' && value(li, 'language') !== '') section.language = value(li, 'language');
  const minutes = value(li, 'expectedMinutes');
  if (minutes.trim() !== '') section.expectedMinutes = numberOrText(minutes) as number;
  return section;
}

/** A setting of the assessment itself (the inputs above the sections). */
const setting = (name: string): string => byId<HTMLInputElement>(`field-${name}`)?.value ?? '';

function collect(form: HTMLFormElement): Record<string, unknown> {
  const body: Record<string, unknown> = {
    title: setting('title'),
    roleTitle: setting('roleTitle'),
    team: setting('team'),
    timeLimitMinutes: numberOrText(setting('timeLimitMinutes')),
  };
  for (const name of ['startWindowDays', 'feedbackDueHours', 'minAnchoredComments']) {
    const v = setting(name);
    if (v.trim() !== '') body[name] = numberOrText(v);
  }
  body.sections = [...form.querySelectorAll<HTMLElement>('#section-list > li')].map(collectSection);
  body.rubric = [...form.querySelectorAll<HTMLElement>('#rubric-list > li')].map((li) => {
    const c: Record<string, unknown> = {
      key: value(li, 'key').trim(),
      title: value(li, 'title'),
      maxScore: numberOrText(value(li, 'maxScore')),
    };
    if (value(li, 'description').trim() !== '') c.description = value(li, 'description');
    return c;
  });
  return body;
}

/* ---------- errors beside the fields ---------- */

function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll<HTMLElement>('.field-error').forEach((e) => {
    e.hidden = true;
    e.textContent = '';
  });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const summary = byId('error-summary');
  if (summary) summary.hidden = true;
}

interface Target {
  control: HTMLElement | null;
  slot: HTMLElement | null;
  label: string;
}

/** Where an error about `field` (`sections[2].prompt`, `rubric[0]`, `title`) is shown, and how it is named. */
function targetOf(form: HTMLFormElement, fieldPath: string): Target {
  const m = /^(sections|rubric)\[(\d+)\](?:\.([A-Za-z]+))?/.exec(fieldPath);
  if (m) {
    const list = byId(m[1] === 'sections' ? 'section-list' : 'rubric-list');
    const li = list?.children[Number(m[2])] as HTMLElement | undefined;
    const where = `${m[1] === 'sections' ? 'Section' : 'Criterion'} ${Number(m[2]) + 1}`;
    if (!li) return { control: null, slot: byId(`${m[1]}-error`), label: where };
    const c = m[3] ? control(li, m[3]) : null;
    if (c && !c.closest('[hidden]'))
      return { control: c, slot: byId(`${c.id}-error`), label: `${where}, ${c.dataset.label ?? m[3]}` };
    return {
      control: li.querySelector<HTMLElement>('.item-heading'),
      slot: li.querySelector<HTMLElement>('.item-error'),
      label: where,
    };
  }
  const name = fieldPath.split(/[.[]/)[0];
  const c = form.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (c)
    return {
      control: c,
      slot: c.parentElement?.querySelector<HTMLElement>('.field-error') ?? null,
      label: c.dataset.label ?? name,
    };
  const slot = byId(`${name}-error`);
  const label = name === 'sections' ? 'Readings and questions' : name === 'rubric' ? 'Rubric' : name;
  return { control: slot, slot, label };
}

/**
 * The API's message reads "prompt must not be empty": the part after the property's name, to be said after
 * the field's own label ("Prompt must not be empty").
 */
function rest(message: string, fieldPath: string): string {
  const last = fieldPath.split('.').pop() ?? fieldPath;
  for (const name of [fieldPath, last]) if (message.startsWith(`${name} `)) return message.slice(name.length + 1);
  return message;
}

function showErrors(form: HTMLFormElement, heading: string, problem: Problem | null, fallback: string): void {
  const summary = byId('error-summary');
  const list = byId('error-summary-list');
  const title = byId('error-summary-heading');
  if (!summary || !list || !title) return;
  list.replaceChildren();
  const errors = problem?.errors ?? [];
  for (const error of errors) {
    const target = targetOf(form, error.field);
    const what = rest(error.message, error.field);
    const short = target.label.includes(', ') ? target.label.slice(target.label.lastIndexOf(', ') + 2) : target.label;
    const text = `${short} ${what}`;
    if (target.slot) {
      target.slot.textContent = target.slot.textContent ? `${target.slot.textContent} ${text}.` : `${text}.`;
      target.slot.hidden = false;
    }
    if (target.control && target.control !== target.slot) {
      target.control.setAttribute('aria-invalid', 'true');
      if (target.slot) {
        const described = (target.control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
        if (!described.includes(target.slot.id))
          target.control.setAttribute('aria-describedby', [...described, target.slot.id].join(' '));
      }
    }
    const item = el('li', { 'data-field': error.field });
    const focusable = target.control;
    if (focusable?.id) {
      const link = el('a', { href: `#${focusable.id}` }, `${target.label}: ${what}`);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        focusable.focus();
      });
      item.append(link);
    } else item.textContent = `${target.label}: ${what}`;
    list.append(item);
  }
  if (errors.length === 0) list.append(el('li', {}, problem?.detail ?? fallback));
  title.textContent =
    errors.length === 0
      ? heading
      : `${heading}: fix ${errors.length === 1 ? 'the problem' : `the ${errors.length} problems`} marked below`;
  summary.hidden = false;
  summary.focus();
}

/* ---------- the page ---------- */

function status(text: string): void {
  const node = byId('editor-status');
  if (!node) return;
  node.textContent = text;
  node.hidden = false;
}

function renumber(): void {
  const sections = [...document.querySelectorAll<HTMLElement>('#section-list > li')];
  sections.forEach((li, i) => {
    const heading = li.querySelector('.item-heading');
    if (heading) heading.textContent = `${i + 1}. ${li.dataset.kind === 'reading' ? 'Reading' : 'Question'}`;
    li.querySelectorAll<HTMLElement>('[data-name]').forEach((c) => {
      c.dataset.field = `sections[${i}].${c.dataset.name}`;
    });
    li.querySelector('.move-up')?.setAttribute('aria-disabled', String(i === 0));
    li.querySelector('.move-down')?.setAttribute('aria-disabled', String(i === sections.length - 1));
  });
  document.querySelectorAll<HTMLElement>('#rubric-list > li').forEach((li, i) => {
    const heading = li.querySelector('.item-heading');
    if (heading) heading.textContent = `Criterion ${i + 1}`;
    li.querySelectorAll<HTMLElement>('[data-name]').forEach((c) => {
      c.dataset.field = `rubric[${i}].${c.dataset.name}`;
    });
  });
  updateLength();
}

function updateLength(): void {
  const out = byId('length-guidance');
  if (!out) return;
  const questions = [...document.querySelectorAll<HTMLElement>('#section-list > li[data-kind=question]')].map((li) => {
    const v = value(li, 'expectedMinutes').trim();
    return { expectedMinutes: /^\d+$/.test(v) ? Number(v) : null };
  });
  const limit = byId<HTMLInputElement>('field-timeLimitMinutes')?.value.trim() ?? '';
  const g = lengthGuidance(questions, /^\d+$/.test(limit) ? Number(limit) : null);
  if (out.textContent !== g.message) out.textContent = g.message;
  out.className = `length-guidance is-${g.verdict}`;
}

function uniqueKey(prefix: string, list: HTMLElement): string {
  const taken = new Set([...list.querySelectorAll<HTMLInputElement>('[data-name=key]')].map((i) => i.value));
  let n = 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

function announce(text: string): void {
  const node = byId('move-status');
  if (node) node.textContent = text;
}

function initEditor(form: HTMLFormElement, data: EditorData): void {
  const sections = byId<HTMLOListElement>('section-list')!;
  const rubric = byId<HTMLOListElement>('rubric-list')!;
  let id = data.id;
  for (const s of data.sections) sections.append(sectionItem(s, data.languages));
  for (const c of data.rubric) rubric.append(criterionItem(c));
  if (data.rubric.length === 0) rubric.append(criterionItem({ key: 'criterion-1' }));
  renumber();

  const add = (li: HTMLLIElement, focusName: string): void => {
    sections.append(li);
    renumber();
    control(li, focusName)?.focus();
    announce(`Added section ${sections.children.length}.`);
  };
  byId('add-reading')?.addEventListener('click', () => add(sectionItem({ kind: 'reading' }, data.languages), 'title'));
  byId('add-question')?.addEventListener('click', () =>
    add(sectionItem({ kind: 'question', key: uniqueKey('q', sections) }, data.languages), 'key'),
  );
  byId('add-criterion')?.addEventListener('click', () => {
    const li = criterionItem({ key: uniqueKey('criterion-', rubric) });
    rubric.append(li);
    renumber();
    control(li, 'title')?.focus();
  });

  // Move up / Move down / Remove, for sections and criteria: one listener for every row's buttons.
  form.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.tool');
    const li = button?.closest<HTMLLIElement>('li');
    if (!button || !li) return;
    const list = li.parentElement!;
    if (button.getAttribute('aria-disabled') === 'true') return;
    if (button.classList.contains('remove')) {
      const next = (li.nextElementSibling ?? li.previousElementSibling) as HTMLElement | null;
      li.remove();
      renumber();
      const focusTo =
        next?.querySelector<HTMLElement>('.item-heading') ??
        byId(list.id === 'rubric-list' ? 'add-criterion' : 'add-question');
      focusTo?.focus();
      announce('Removed.');
      return;
    }
    const up = button.classList.contains('move-up');
    const sibling = up ? li.previousElementSibling : li.nextElementSibling;
    if (!sibling) return;
    list.insertBefore(li, up ? sibling : sibling.nextElementSibling);
    renumber();
    // Moving the row takes the focus out of it: give it back to the same button.
    button.focus();
    const position = [...list.children].indexOf(li) + 1;
    announce(`Moved to position ${position} of ${list.children.length}.`);
  });

  // Changes not saved yet: leaving asks first, and the preview saves them before it opens.
  let dirty = false;
  const changed = (): void => {
    dirty = true;
  };
  form.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('button.tool, #add-reading, #add-question, #add-criterion')) changed();
  });
  form.addEventListener('input', changed);
  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault();
  });

  form.addEventListener('input', (event) => {
    const target = event.target as HTMLElement;
    if (target.dataset.name === 'expectedMinutes' || target.id === 'field-timeLimitMinutes') updateLength();
  });
  form.addEventListener('change', updateLength);

  const busy = (on: boolean): void => {
    for (const b of ['save', 'publish']) {
      const button = byId<HTMLButtonElement>(b);
      if (button) button.disabled = on;
    }
  };

  /** Saves the form; the assessment's id when saved, null when refused (the errors are then on the page). */
  const save = async (heading: string): Promise<string | null> => {
    clearErrors(form);
    const body = collect(form);
    try {
      const res = id
        ? await api<{ id: string } & Problem>('PATCH', `${API}/${id}`, body)
        : await api<{ id: string } & Problem>('POST', API, body);
      if ((res.status === 200 || res.status === 201) && res.body) {
        dirty = false;
        return res.body.id;
      }
      showErrors(form, heading, res.body, `Candor answered ${res.status}. Try again in a moment.`);
    } catch {
      showErrors(form, heading, null, 'Candor could not be reached. Your changes are still on this page: try again.');
    }
    return null;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(true);
    void save('Not saved')
      .then((saved) => {
        if (!saved) return;
        if (!id) {
          location.assign(`/assessments/${saved}?saved=1`);
          return;
        }
        const title = byId('editor-heading');
        if (title) title.textContent = setting('title').trim();
        status(`Saved at ${new Date().toISOString().slice(11, 16)} UTC.`);
      })
      .finally(() => busy(false));
  });

  const previewLink = byId<HTMLAnchorElement>('preview-link');
  previewLink?.addEventListener('click', (event) => {
    if (!dirty) return;
    // The preview shows what is saved: save first, so that it shows what is on the screen.
    event.preventDefault();
    busy(true);
    void save('Not saved, so not previewed')
      .then((saved) => {
        if (saved) location.assign(previewLink.href);
      })
      .finally(() => busy(false));
  });

  byId('publish')?.addEventListener('click', () => {
    busy(true);
    void save('Not published')
      .then(async (saved) => {
        if (!saved) return;
        id = saved;
        const res = await api<Problem>('POST', `${API}/${saved}/publish`);
        if (res.status === 200) location.assign(`/assessments/${saved}?published=1`);
        else showErrors(form, 'Not published', res.body, `Candor answered ${res.status}. Try again in a moment.`);
      })
      .catch(() => showErrors(form, 'Not published', null, 'Candor could not be reached. Try again in a moment.'))
      .finally(() => busy(false));
  });
}

function initPublished(): void {
  const button = byId<HTMLButtonElement>('revise');
  const id = button?.dataset.assessmentId;
  if (!button || !id) return;
  button.addEventListener('click', () => {
    button.disabled = true;
    void api<Problem>('POST', `${API}/${id}/revise`)
      .then((res) => {
        if (res.status === 200) location.assign(`/assessments/${id}?revised=1`);
        else status(res.problem ?? `Not revised: Candor answered ${res.status}.`);
      })
      .catch(() => status('Not revised: Candor could not be reached. Try again in a moment.'))
      .finally(() => {
        button.disabled = false;
      });
  });
}

/** What the last action did, said once after the page it led to loaded (then dropped from the address). */
function outcome(): void {
  const params = new URLSearchParams(location.search);
  const messages: Record<string, string> = {
    saved: 'Saved as a draft. Preview it as the candidate, then publish it when it is ready.',
    published: 'Published. Candidates you invite from now on get this version.',
    revised: 'A new draft is open. Candidates keep the published version until you publish again.',
  };
  for (const [key, text] of Object.entries(messages)) if (params.has(key)) status(text);
  if ([...params.keys()].length > 0) history.replaceState(null, '', location.pathname);
}

const form = byId<HTMLFormElement>('assessment-form');
const dataEl = byId('assessment-data');
outcome();
if (form && dataEl) initEditor(form, JSON.parse(dataEl.textContent ?? '{}') as EditorData);
else initPublished();
