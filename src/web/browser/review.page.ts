// The /review page: claim, comment on passages of the answers, autosave the draft (which answers the unmet
// feedback rules), confirm and complete, release. Same-origin fetches carry the httpOnly session cookie; no
// inline script (CSP). The page's DOM is the draft's state: what the server rendered, then what the reviewer adds.
import { anchorQuote, QUOTE_CONTEXT_CHARS, segmentByQuotes } from '../../reviews/text-quote.js';
import { api, byId, setText } from './staff-api.js';

const SAVE_DELAY_MS = 400;

interface UnmetRule {
  field: string;
  message: string;
}

interface AnchoredComment {
  questionKey: string;
  quote: { exact: string; prefix: string; suffix: string };
  text: string;
}

interface Draft {
  decision?: string;
  scores: Record<string, number>;
  criteria: Record<string, string>;
  summary?: string;
  strengths?: string;
  improvements?: string;
  comments: AnchoredComment[];
}

/** A selection inside one answer, in UTF-16 offsets of the answer's text. */
interface AnswerSelection {
  questionKey: string;
  start: number;
  end: number;
}

const all = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T[] =>
  Array.from(root.querySelectorAll<T>(selector));
const codePointLength = (text: string): number => Array.from(text).length;
/** What the server counts, near enough: whitespace runs count once, the ends not at all. */
const visibleLength = (text: string): number => codePointLength(text.trim().replace(/\s+/gu, ' '));

const claimButton = byId<HTMLButtonElement>('claim-next');
if (claimButton) {
  claimButton.addEventListener('click', () => {
    claimButton.disabled = true;
    setText('claim-status', 'Claiming…');
    void api<{ id: string }>('POST', '/api/v1/reviews/claim').then((res) => {
      if (res.status === 200 && res.body) {
        window.location.assign('/review?id=' + encodeURIComponent(res.body.id));
        return;
      }
      claimButton.disabled = false;
      setText(
        'claim-status',
        res.status === 204
          ? 'The queue is empty: nothing to claim right now.'
          : (res.problem ?? `Could not claim (${res.status}).`),
      );
    });
  });
}

const form = byId<HTMLFormElement>('feedback-form');
const workspace = byId('workspace');
if (form && workspace) reviewWorkspace(form, workspace);

function reviewWorkspace(form: HTMLFormElement, workspace: HTMLElement): void {
  const base = '/api/v1/reviews/' + encodeURIComponent(workspace.dataset.reviewId ?? '');
  const quoteMinChars = Number(workspace.dataset.quoteMinChars ?? '8');
  const completeButton = byId<HTMLButtonElement>('complete')!;
  const commentList = byId<HTMLOListElement>('comment-list')!;
  const commentTemplate = byId<HTMLTemplateElement>('comment-template')!;
  const answers = all<HTMLPreElement>('pre.answer[data-question]');
  // The answers never change; the <pre>s get <mark>s, so their text is kept from before any of that.
  const answerText = new Map(answers.map((pre) => [pre.dataset.question ?? '', pre.textContent ?? '']));
  const answerOf = (key: string): HTMLPreElement | undefined => answers.find((pre) => pre.dataset.question === key);
  const questionLabel = (key: string): string => {
    const section = document.querySelector<HTMLElement>(`section.question[data-question="${CSS.escape(key)}"]`);
    return section ? `Question ${section.dataset.number ?? ''}` : `an unknown question ("${key}")`;
  };
  const announce = (text: string): void => setText('comment-status', text);

  // ---- The draft ------------------------------------------------------------------------------------------

  const readComments = (): AnchoredComment[] =>
    all<HTMLLIElement>('li.comment', commentList).map((li) => ({
      questionKey: li.dataset.question ?? '',
      quote: { exact: li.dataset.exact ?? '', prefix: li.dataset.prefix ?? '', suffix: li.dataset.suffix ?? '' },
      text: li.querySelector('textarea')?.value ?? '',
    }));

  const collect = (): Draft => {
    const body: Draft = { scores: {}, criteria: {}, comments: readComments() };
    for (const el of Array.from(form.elements) as HTMLInputElement[]) {
      if (!el.name || el.name.startsWith('comments[')) continue;
      if (el.name === 'decision') {
        if (el.checked) body.decision = el.value;
      } else if (el.name.startsWith('scores.')) {
        if (el.value.trim() !== '' && !Number.isNaN(Number(el.value))) body.scores[el.name.slice(7)] = Number(el.value);
      } else if (el.name.startsWith('criteria.')) {
        if (el.value !== '') body.criteria[el.name.slice(9)] = el.value;
      } else if (el.name === 'summary' || el.name === 'strengths' || el.name === 'improvements') {
        if (el.value !== '') body[el.name] = el.value;
      }
    }
    return body;
  };

  // ---- Unmet rules: beside each field, and as a list at the bottom ----------------------------------------
  // The server words each rule as a sentence naming its field, so it is shown as it is.

  const showUnmet = (unmet: UnmetRule[]): void => {
    const list = byId('unmet')!;
    list.textContent = '';
    // In the order of the form, top to bottom; rules about no field of the page last.
    const slots = all('.field-unmet[data-for]');
    const position = (field: string): number => {
      const at = slots.findIndex((slot) => slot.dataset.for === field);
      return at === -1 ? slots.length : at;
    };
    for (const rule of [...unmet].sort((a, b) => position(a.field) - position(b.field))) {
      const li = document.createElement('li');
      li.dataset.field = rule.field;
      const link = document.createElement('a');
      link.href = '#' + targetOf(rule.field);
      link.textContent = rule.message;
      li.appendChild(link);
      list.appendChild(li);
    }
    byId('unmet-heading')!.hidden = unmet.length === 0;
    byId('all-met')!.hidden = unmet.length > 0;
    completeButton.disabled = unmet.length > 0;
    for (const slot of slots) {
      const rule = unmet.find((r) => r.field === slot.dataset.for);
      slot.textContent = rule?.message ?? '';
      slot.hidden = !rule;
      const field = fieldOfSlot(slot);
      if (field) {
        if (rule) field.setAttribute('aria-invalid', 'true');
        else field.removeAttribute('aria-invalid');
      }
    }
  };

  /** Where the summary list sends the reviewer for a rule: its control, else the nearest thing to it. */
  const targetOf = (field: string): string => {
    const slot = document.querySelector<HTMLElement>(`.field-unmet[data-for="${CSS.escape(field)}"]`);
    if (!slot) return 'feedback-heading';
    const control = fieldOfSlot(slot) ?? slot.closest('li.comment')?.querySelector('textarea');
    return control?.id || (field === 'comments' ? 'comments-heading' : slot.id);
  };

  /** The control a rule slot describes (its aria-describedby names the slot). */
  function fieldOfSlot(slot: HTMLElement): HTMLElement | null {
    if (!slot.id) return null;
    return document.querySelector<HTMLElement>(
      `input[aria-describedby~="${CSS.escape(slot.id)}"], textarea[aria-describedby~="${CSS.escape(slot.id)}"], fieldset[aria-describedby~="${CSS.escape(slot.id)}"]`,
    );
  }

  // The summary list links to fields; following a link should land the caret there, not just scroll.
  byId('unmet')!.addEventListener('click', (event) => {
    const link = (event.target as HTMLElement).closest('a');
    const target = link && document.getElementById(link.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    const focusable = target.matches('fieldset')
      ? (target.querySelector<HTMLElement>('input:checked') ?? target.querySelector<HTMLElement>('input'))
      : target;
    focusable?.focus();
    if (document.activeElement !== focusable) target.scrollIntoView({ block: 'center' });
  });

  // ---- Autosave ---------------------------------------------------------------------------------------------

  let timer: number | undefined;
  let saving: Promise<unknown> = Promise.resolve();
  let sequence = 0;

  const save = (): Promise<unknown> => {
    window.clearTimeout(timer);
    const mine = ++sequence;
    saving = api<{ unmet: UnmetRule[]; savedAt: string; leaseExpiresAt: string }>(
      'PUT',
      base + '/draft',
      collect(),
    ).then((res) => {
      // An older save answering after a newer one would show rules about text that is gone.
      if (mine !== sequence) return;
      if (res.status === 200 && res.body) {
        showUnmet(res.body.unmet);
        const left = res.body.unmet.length;
        setText(
          'save-status',
          `Draft saved ${new Date(res.body.savedAt).toLocaleTimeString()} · ${left === 0 ? 'every rule met' : `${left} ${left === 1 ? 'rule' : 'rules'} not met yet`}`,
        );
        setText('lease-ends', new Date(res.body.leaseExpiresAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
      } else {
        setText('save-status', res.problem ?? `Draft not saved (${res.status}).`);
      }
    });
    return saving;
  };

  const saveSoon = (): void => {
    setText('save-status', 'Saving…');
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void save(), SAVE_DELAY_MS);
  };

  form.addEventListener('input', saveSoon);

  // ---- Anchored comments: selection → composer → list, with the passages highlighted ------------------------

  /** The reviewer's selection when it lies inside one answer, trimmed of surrounding whitespace. */
  const currentSelection = (): AnswerSelection | null => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const pre = answers.find((a) => a.contains(range.startContainer) && a.contains(range.endContainer));
    if (!pre) return null;
    // Offsets in the answer's whole text, whatever <mark>s the selection starts or ends in.
    const offset = (node: Node, at: number): number => {
      const before = document.createRange();
      before.selectNodeContents(pre);
      before.setEnd(node, at);
      return before.toString().length;
    };
    const text = answerText.get(pre.dataset.question ?? '') ?? '';
    let start = offset(range.startContainer, range.startOffset);
    let end = offset(range.endContainer, range.endOffset);
    while (start < end && /\s/u.test(text[start])) start++;
    while (end > start && /\s/u.test(text[end - 1])) end--;
    return start < end ? { questionKey: pre.dataset.question ?? '', start, end } : null;
  };

  const quoteOf = (sel: AnswerSelection): AnchoredComment['quote'] => {
    const text = answerText.get(sel.questionKey) ?? '';
    return {
      exact: text.slice(sel.start, sel.end),
      prefix: Array.from(text.slice(0, sel.start)).slice(-QUOTE_CONTEXT_CHARS).join(''),
      suffix: Array.from(text.slice(sel.end)).slice(0, QUOTE_CONTEXT_CHARS).join(''),
    };
  };

  /** Redraws one answer with a <mark> per commented run (and the passage being commented on, if any). */
  const renderAnswer = (key: string, pending?: AnswerSelection): void => {
    const pre = answerOf(key);
    if (!pre) return;
    const text = answerText.get(key) ?? '';
    const anchored = readComments().flatMap((c, index) => {
      const range = c.questionKey === key ? anchorQuote(text, c.quote) : null;
      return range ? [{ index, range }] : [];
    });
    const ranges: { start: number; end: number }[] = anchored.map((a) => a.range);
    const pendingAt = pending
      ? ranges.push({
          start: codePointLength(text.slice(0, pending.start)),
          end: codePointLength(text.slice(0, pending.end)),
        }) - 1
      : -1;
    pre.textContent = '';
    for (const segment of segmentByQuotes(text, ranges)) {
      if (segment.comments.length === 0) {
        pre.append(segment.text);
        continue;
      }
      const mark = document.createElement('mark');
      const indices = segment.comments.filter((j) => j !== pendingAt).map((j) => anchored[j].index);
      if (indices.length > 0) {
        mark.dataset.comment = indices.join(' ');
        mark.title = indices.map((i) => `Comment ${i + 1}`).join(', ');
      }
      if (segment.comments.includes(pendingAt)) mark.classList.add('pending');
      mark.textContent = segment.text;
      pre.append(mark);
    }
  };

  const renderAllAnswers = (): void => {
    for (const key of answerText.keys()) renderAnswer(key);
  };

  /** Index-dependent parts of a comment item (number, names, ids), after an add or a remove. */
  const numberComment = (li: HTMLLIElement, index: number): void => {
    const n = index + 1;
    li.querySelector('.comment-number')!.textContent = `Comment ${n}`;
    const textarea = li.querySelector('textarea')!;
    textarea.id = `field-comments-${index}-text`;
    textarea.name = `comments[${index}].text`;
    li.querySelector('label')!.htmlFor = textarea.id;
    li.querySelector('.remove-comment')!.setAttribute('aria-label', `Remove comment ${n}`);
    for (const slot of all('.field-unmet[data-part]', li)) {
      const part = slot.dataset.part ?? '';
      const field = `comments[${index}].${part}`;
      if (slot.dataset.for !== field) {
        // Rules about another comment's index are stale; the save that follows every change sets them again.
        slot.textContent = '';
        slot.hidden = true;
      }
      slot.dataset.for = field;
      slot.id = `unmet-comments-${index}-${part}`;
    }
    textarea.setAttribute('aria-describedby', `unmet-comments-${index}-text`);
  };

  const renumber = (): void => {
    const items = all<HTMLLIElement>('li.comment', commentList);
    items.forEach(numberComment);
    byId('comments-empty')!.hidden = items.length > 0;
  };

  const addComment = (comment: AnchoredComment): HTMLLIElement => {
    const li = (commentTemplate.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
    li.dataset.question = comment.questionKey;
    li.dataset.exact = comment.quote.exact;
    li.dataset.prefix = comment.quote.prefix;
    li.dataset.suffix = comment.quote.suffix;
    li.querySelector('.comment-question')!.textContent = questionLabel(comment.questionKey);
    li.querySelector('blockquote')!.textContent = comment.quote.exact;
    li.querySelector('textarea')!.value = comment.text;
    commentList.appendChild(li);
    renumber();
    return li;
  };

  commentList.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('.remove-comment');
    const li = button?.closest<HTMLLIElement>('li.comment');
    if (!li) return;
    const items = all<HTMLLIElement>('li.comment', commentList);
    const index = items.indexOf(li);
    li.remove();
    renumber();
    renderAllAnswers();
    announce(`Comment ${index + 1} removed.`);
    const next = items[index + 1] ?? items[index - 1];
    (next?.querySelector('textarea') ?? byId('comments-heading'))?.focus();
    void save();
  });

  // Clicking a highlighted passage goes to its comment.
  for (const pre of answers) {
    pre.addEventListener('click', (event) => {
      if (!document.getSelection()?.isCollapsed) return;
      const mark = (event.target as HTMLElement).closest<HTMLElement>('mark[data-comment]');
      const index = Number(mark?.dataset.comment?.split(' ')[0] ?? NaN);
      if (Number.isNaN(index)) return;
      all<HTMLLIElement>('li.comment', commentList)[index]?.querySelector('textarea')?.focus();
    });
  }

  const setHint = (key: string, text: string): void => {
    const hint = document.querySelector<HTMLElement>(`[data-hint-for="${CSS.escape(key)}"]`);
    if (hint) hint.textContent = text;
  };

  const selectionHint = (sel: AnswerSelection): string => {
    const n = visibleLength(quoteOf(sel).exact);
    return n < quoteMinChars
      ? `${n} selected: select at least ${quoteMinChars} characters`
      : `${n} characters selected`;
  };

  const buttons = all<HTMLButtonElement>('button.comment-button');
  let selected: AnswerSelection | null = null;
  document.addEventListener('selectionchange', () => {
    selected = currentSelection();
    const selection = document.getSelection();
    for (const button of buttons) {
      const key = button.dataset.question ?? '';
      const here = selected !== null && selected.questionKey === key;
      button.setAttribute('aria-disabled', String(!here));
      // A selection that runs out of this answer (into the next question, say) anchors nowhere: say why.
      const partly =
        !here &&
        selection !== null &&
        !selection.isCollapsed &&
        answerOf(key) !== undefined &&
        selection.containsNode(answerOf(key)!, true);
      setHint(
        key,
        here && selected ? selectionHint(selected) : partly ? 'Select within one answer to comment on it.' : '',
      );
    }
  });

  let composing: AnswerSelection | null = null;

  const composerOf = (key: string): HTMLElement | null =>
    document.querySelector<HTMLElement>(`[data-composer-for="${CSS.escape(key)}"]`);

  const closeComposer = (focusButton: boolean): void => {
    if (!composing) return;
    const key = composing.questionKey;
    composing = null;
    const composer = composerOf(key);
    if (composer) composer.hidden = true;
    renderAnswer(key);
    if (focusButton) buttons.find((b) => b.dataset.question === key)?.focus();
  };

  const openComposer = (sel: AnswerSelection): void => {
    closeComposer(false);
    const composer = composerOf(sel.questionKey);
    if (!composer) return;
    composing = sel;
    composer.querySelector('.composer-quote')!.textContent = quoteOf(sel).exact;
    const error = composer.querySelector<HTMLElement>('.composer-error')!;
    error.hidden = true;
    const textarea = composer.querySelector('textarea')!;
    textarea.value = '';
    composer.hidden = false;
    // While the reviewer types, the selection is gone: the passage stays marked instead.
    renderAnswer(sel.questionKey, sel);
    textarea.focus();
  };

  for (const button of buttons) {
    // Keeps the reviewer's selection (and where the focus is) when the button is pressed with the mouse.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => {
      const key = button.dataset.question ?? '';
      const sel = selected?.questionKey === key ? selected : null;
      if (!sel) {
        announce('First select a passage of this answer.');
        setHint(key, 'First select a passage of this answer.');
        return;
      }
      if (visibleLength(quoteOf(sel).exact) < quoteMinChars) {
        announce(
          `Select a longer passage: at least ${quoteMinChars} characters, so the candidate can tell what you mean.`,
        );
        setHint(key, `Select at least ${quoteMinChars} characters.`);
        return;
      }
      openComposer(sel);
    });
  }

  const submitComposer = (): void => {
    if (!composing) return;
    const composer = composerOf(composing.questionKey)!;
    const text = composer.querySelector('textarea')!.value;
    if (text.trim() === '') {
      const error = composer.querySelector<HTMLElement>('.composer-error')!;
      error.textContent = 'Write your comment first.';
      error.hidden = false;
      return;
    }
    const comment = { questionKey: composing.questionKey, quote: quoteOf(composing), text };
    const li = addComment(comment);
    closeComposer(true);
    const index = all('li.comment', commentList).indexOf(li);
    announce(`Comment ${index + 1} added to your feedback.`);
    void save();
  };

  for (const composer of all('[data-composer-for]')) {
    composer.querySelector('.add-comment')!.addEventListener('click', submitComposer);
    composer.querySelector('.cancel-comment')!.addEventListener('click', () => closeComposer(true));
    composer.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') closeComposer(true);
      else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submitComposer();
    });
  }

  // ---- Confirmation, then complete -------------------------------------------------------------------------

  const dialog = byId<HTMLDialogElement>('confirm-dialog')!;
  const backButton = byId<HTMLButtonElement>('confirm-back')!;
  const sendButton = byId<HTMLButtonElement>('confirm-send')!;
  let sending = false;

  /** What the candidate will read, built from the form with textContent only (the reviewer's text is not HTML). */
  const buildPreview = (draft: Draft): void => {
    const preview = byId('confirm-preview')!;
    preview.textContent = '';
    const add = <K extends keyof HTMLElementTagNameMap>(
      parent: HTMLElement,
      tag: K,
      text: string,
      className?: string,
    ): HTMLElementTagNameMap[K] => {
      const el = document.createElement(tag);
      el.textContent = text;
      if (className) el.className = className;
      parent.appendChild(el);
      return el;
    };
    const words =
      draft.decision === 'advance'
        ? dialog.dataset.advance
        : draft.decision === 'reject'
          ? dialog.dataset.reject
          : undefined;
    add(preview, 'p', words ?? '', 'preview-decision').id = 'preview-decision';
    add(preview, 'h3', 'Summary');
    add(preview, 'p', draft.summary ?? '', 'preview-text').id = 'preview-summary';
    add(preview, 'h3', 'Strengths');
    add(preview, 'p', draft.strengths ?? '', 'preview-text').id = 'preview-strengths';
    add(preview, 'h3', 'What to improve');
    add(preview, 'p', draft.improvements ?? '', 'preview-text').id = 'preview-improvements';
    add(preview, 'h3', 'By criterion');
    const criteria = add(preview, 'dl', '', 'preview-criteria');
    for (const fieldset of all('fieldset.criterion[data-criterion]', form)) {
      add(criteria, 'dt', fieldset.dataset.title ?? '');
      add(criteria, 'dd', draft.criteria[fieldset.dataset.criterion ?? ''] ?? '', 'preview-text');
    }
    add(preview, 'h3', 'Comments on your answers');
    const list = add(preview, 'ol', '', 'preview-comments');
    list.id = 'preview-comments';
    for (const comment of draft.comments) {
      const li = add(list, 'li', '');
      add(li, 'p', `On your answer to ${questionLabel(comment.questionKey).toLowerCase()}:`, 'muted small');
      add(li, 'blockquote', comment.quote.exact, 'quote');
      add(li, 'p', comment.text, 'preview-text');
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (completeButton.disabled) return;
    buildPreview(collect());
    byId('confirm-error')!.hidden = true;
    backButton.disabled = false;
    sendButton.disabled = false;
    dialog.showModal();
    // The safe choice first: Enter or Space right away goes back, it does not send.
    backButton.focus();
  });

  backButton.addEventListener('click', () => dialog.close());
  dialog.addEventListener('cancel', (event) => {
    if (sending) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    if (!sending) completeButton.focus();
  });

  sendButton.addEventListener('click', () => {
    sending = true;
    backButton.disabled = true;
    sendButton.disabled = true;
    window.clearTimeout(timer);
    void saving
      .then(() => api<{ errors?: UnmetRule[] }>('POST', base + '/complete', collect()))
      .then((res) => {
        if (res.status === 200) {
          window.location.assign('/review?sent=1');
          return;
        }
        sending = false;
        if (res.status === 422) {
          dialog.close();
          showUnmet(res.body?.errors ?? []);
          setText('save-status', 'Not sent: some rules are not met. See the list above.');
          byId('unmet-heading')!.focus();
        } else {
          backButton.disabled = false;
          sendButton.disabled = false;
          const error = byId('confirm-error')!;
          error.textContent = res.problem ?? `Not sent (${res.status}). Try again.`;
          error.hidden = false;
        }
      });
  });

  byId('release')!.addEventListener('click', () => {
    void api('POST', base + '/release').then((res) => {
      if (res.status === 200) window.location.assign('/review');
      else setText('save-status', res.problem ?? `Not released (${res.status}).`);
    });
  });
}
