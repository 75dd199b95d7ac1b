/*
 * The candidate's page at /t/<token>: start, autosave, the code editor, the navigator, countdown, submit,
 * waiting for feedback, and rating the test and the feedback. The feedback itself is rendered by the server.
 * It talks only to the candidate API (candidate/api.ts); a recruiter's preview answers it in the browser.
 */
import {
  answerLocally,
  api,
  type ApiResult,
  type AttemptData,
  downloadFile,
  isDeadlinePassed,
  type SavedAnswerData,
  serverNow,
} from './candidate/api.js';
import { $, maybe, show } from './candidate/dom.js';
import { type CodeEditor } from './candidate/editor.js';
import { fill, localiseTimes, localShortTime, localTime, M, plural, setTime } from './candidate/messages.js';
import { previewApi } from './candidate/preview.js';

const SAVE_DELAY_MS = 1500;
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];
const SYNC_EVERY_MS = 30000;
const SYNC_NEAR_END_MS = 5000;
const POLL_AFTER_END_MS = 3000;
/** The warnings, largest first: shown from each of these minutes left. */
const WARNING_MINUTES = [10, 2, 1];

const body = document.body;
const storageKey = `candor.unsent.${body.dataset.storageKey ?? ''}`;
/** Set just before the reload that follows Start, so the reloaded page opens at question 1. */
const justStartedKey = `candor.started.${body.dataset.storageKey ?? ''}`;
let deadlineMs: number | null = body.dataset.deadline ? Date.parse(body.dataset.deadline) : null;
/** A recruiter's preview (/assessments/:id/preview): no invitation, nothing is sent; see candidate/preview.ts. */
const preview = body.dataset.preview === 'true';
if (preview) answerLocally(previewApi);

/* ---------- before the start ---------- */

function initBefore(): void {
  const button = $<HTMLButtonElement>('start-button');
  const error = $('start-error');
  button.addEventListener('click', () => {
    button.disabled = true;
    show(error, false);
    api<AttemptData>('POST', '/attempt/start')
      .then((result) => {
        if (result.ok && preview && result.data) return startPreview(result.data);
        if (result.ok || result.status === 409) {
          // The server renders the questions and the deadline it has just set; the reloaded page opens at
          // question 1 (not at the old scroll position) and puts the focus in its answer.
          try {
            sessionStorage.setItem(justStartedKey, '1');
          } catch {
            /* storage disabled: the page still opens, at the top */
          }
          history.scrollRestoration = 'manual';
          return location.reload();
        }
        throw new Error(`HTTP ${result.status}`);
      })
      .catch(() => {
        error.textContent = M.startFailed;
        show(error, true);
        button.disabled = false;
      });
  });
}

/* ---------- during the attempt ---------- */

type SaveState = 'empty' | 'saved' | 'pending' | 'offline' | 'failed';

interface Question {
  key: string;
  type: string;
  id: string;
  section: HTMLElement;
  input: HTMLTextAreaElement | null;
  editor: CodeEditor | null;
  number: string;
  required: boolean;
  stateEl: HTMLElement;
  navItem: HTMLAnchorElement | null;
  saveState: SaveState;
  timer: ReturnType<typeof setTimeout> | undefined;
  inFlight: Promise<boolean> | null;
}

const questions: Question[] = [];
let unsent: Record<string, string> = {};
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let retryIndex = 0;
let answersLoaded = false;
/** The page's estimate reached 0:00 ("Time is up" shows at once); the server confirms with timeUp. */
let zeroShown = false;
let timeUp = false;
let finished = false;
let syncTimer: ReturnType<typeof setTimeout> | undefined;
let tickTimer: ReturnType<typeof setInterval> | undefined;
let warnedAt: number | null = null;
let lastCountdownText = '';
let syncInFlight = false;

function readUnsent(): Record<string, string> {
  try {
    return (JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Record<string, string> | null) ?? {};
  } catch {
    return {};
  }
}
function writeUnsent(): void {
  try {
    if (Object.keys(unsent).length) localStorage.setItem(storageKey, JSON.stringify(unsent));
    else localStorage.removeItem(storageKey);
  } catch {
    /* storage full or disabled: the server copy is all there is */
  }
}

function getValue(q: Question): string {
  if (q.editor) return q.editor.value();
  if (q.input) return q.input.value;
  return q.section.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value ?? '';
}
function setValue(q: Question, value: string): void {
  if (q.editor) q.editor.setValue(value);
  if (q.input) {
    q.input.value = value;
    return;
  }
  q.section.querySelectorAll<HTMLInputElement>('input[type=radio]').forEach((radio) => {
    radio.checked = radio.value === value;
  });
}

function setSaveState(q: Question, state: SaveState, text: string): void {
  q.saveState = state;
  // A live region: say each change once, not every keystroke.
  if (q.stateEl.textContent !== text) {
    q.stateEl.textContent = text;
    q.stateEl.className = `save-state is-${state}`;
  }
  updateOverview();
}

/* ---------- the navigator and the one save status ---------- */

function navState(q: Question, answered: boolean): SaveState {
  if (q.saveState === 'failed' || q.saveState === 'offline' || q.saveState === 'pending') return q.saveState;
  return answered ? 'saved' : 'empty';
}

const NAV_TEXT: Record<SaveState, string> = {
  empty: M.navEmpty,
  saved: M.navSaved,
  pending: M.navUnsaved,
  offline: M.navOffline,
  failed: M.navFailed,
};

/** The navigator's states, "n of m answered" and the one save status, from every question's state. */
function updateOverview(): void {
  if (questions.length === 0) return;
  // Runs on every keystroke: each answer is read once (a code answer is copied out of its editor to be read).
  const filled = questions.map((q) => getValue(q).trim() !== '');
  const countText = fill(M.answeredCount, { n: filled.filter(Boolean).length, m: questions.length });
  const count = $('answered-count');
  if (count.textContent !== countText) count.textContent = countText;
  for (const [i, q] of questions.entries()) {
    if (!q.navItem) continue;
    const state = navState(q, filled[i]);
    q.navItem.className = `nav-item is-${state}`;
    const text = `${fill(M.navQuestion, { number: q.number })}: ${NAV_TEXT[state]}`;
    const label = q.navItem.querySelector('.nav-text');
    if (label && label.textContent !== text) label.textContent = text;
  }
  const status = $('save-status');
  const failed = questions.filter((q) => q.saveState === 'failed');
  const offline = questions.some((q) => q.saveState === 'offline');
  const pending = questions.filter((q) => q.saveState === 'pending').length;
  let text: string;
  let kind: string;
  if (failed.length > 0) {
    text = fill(M.statusFailed, { list: failed.map((q) => q.number).join(', ') });
    kind = 'failed';
  } else if (offline) {
    text = M.statusOffline;
    kind = 'offline';
  } else if (pending > 0) {
    text = plural(pending, M.statusUnsavedOne, M.statusUnsavedOther);
    kind = 'pending';
  } else if (questions.some((q) => q.saveState === 'saved')) {
    text = M.statusAllSaved;
    kind = 'saved';
  } else {
    text = M.statusNothingYet;
    kind = 'empty';
  }
  if (status.textContent !== text) status.textContent = text;
  status.className = `save-status is-${kind}`;
  show(status, true);
}

/* ---------- saving ---------- */

function changed(q: Question): void {
  unsent[q.key] = getValue(q);
  writeUnsent();
  setSaveState(q, 'pending', M.savingSoon);
  clearTimeout(q.timer);
  q.timer = setTimeout(() => void save(q), SAVE_DELAY_MS);
}

/** Sends the question's unsent value. Resolves true when nothing is left unsent for it. */
function save(q: Question): Promise<boolean> {
  clearTimeout(q.timer);
  if (!(q.key in unsent)) return Promise.resolve(true);
  if (q.inFlight) return q.inFlight.then(() => save(q));
  const value = unsent[q.key];
  setSaveState(q, 'pending', M.saving);
  q.inFlight = api<SavedAnswerData>('PUT', `/attempt/answers/${encodeURIComponent(q.key)}`, { value })
    .then((result) => {
      if (result.ok && result.data) {
        if (unsent[q.key] === value) {
          delete unsent[q.key];
          writeUnsent();
          setSaveState(q, 'saved', fill(M.savedAt, { time: localTime(result.data.savedAt) }));
        }
        return true;
      }
      if (isDeadlinePassed(result)) {
        setSaveState(q, 'failed', M.notSavedDeadline);
        enterTimeUp();
        return false;
      }
      if (result.status === 400 || result.status === 413) {
        // This value itself is refused (e.g. too long): retrying cannot help, the candidate must change it.
        setSaveState(q, 'failed', fill(M.notSavedRefused, { reason: result.data?.detail ?? M.refusedDefault }));
        return false;
      }
      if ([401, 404, 409, 410].includes(result.status)) {
        // The attempt is no longer open (submitted elsewhere, withdrawn): the server explains on reload.
        void sync();
        return false;
      }
      throw new Error(`HTTP ${result.status}`);
    })
    .catch(() => {
      setSaveState(q, 'offline', M.notSavedRetrying);
      saveFailed();
      return false;
    })
    .then((done) => {
      q.inFlight = null;
      updateBanner();
      return done;
    });
  return q.inFlight;
}

async function saveAll(): Promise<boolean> {
  const results = await Promise.all(questions.map(save));
  return results.every(Boolean);
}

function saveFailed(): void {
  if (retryTimer || finished) return;
  const delay = RETRY_DELAYS_MS[Math.min(retryIndex, RETRY_DELAYS_MS.length - 1)];
  retryIndex++;
  const banner = $('save-banner');
  banner.textContent = M.offlineBanner;
  show(banner, true);
  retryTimer = setTimeout(retry, delay);
}

function retry(): void {
  retryTimer = null;
  if (finished) return;
  // Past deadline + grace the server refuses every save: stop; the time-up poll takes over.
  if (deadlineMs !== null && serverNow() > deadlineMs + graceMs()) return;
  void (answersLoaded ? Promise.resolve() : loadAnswers()).then(saveAll).then((ok) => {
    if (ok && answersLoaded) retryIndex = 0;
  });
}

function updateBanner(): void {
  if (Object.keys(unsent).length === 0 && answersLoaded) {
    show($('save-banner'), false);
    retryIndex = 0;
  }
}

const graceMs = (): number => Number(body.dataset.graceSeconds ?? 0) * 1000;

/** The server's saved answers, with anything this browser still holds unsent put back on top. */
async function loadAnswers(): Promise<void> {
  try {
    const result = await api<{ answers: Record<string, SavedAnswerData> }>('GET', '/attempt/answers');
    if (!result.ok) throw new Error(`HTTP ${result.status}`);
    const saved = result.data?.answers ?? {};
    for (const q of questions) {
      if (q.key in unsent) continue;
      const answer = saved[q.key];
      if (answer && getValue(q) === '') {
        setValue(q, answer.value);
        setSaveState(q, 'saved', fill(M.savedAt, { time: localTime(answer.savedAt) }));
      }
    }
    answersLoaded = true;
    updateBanner();
    updateOverview();
  } catch {
    saveFailed();
  }
}

function restoreUnsent(): void {
  unsent = readUnsent();
  for (const q of questions) {
    if (q.key in unsent) {
      setValue(q, unsent[q.key]);
      setSaveState(q, 'pending', M.restored);
    }
  }
}

/** The field a question's answer is typed in: the code editor, the textarea, or the first choice. */
function fieldOf(q: Question): HTMLElement | null {
  if (q.editor) return q.editor.dom;
  return q.input ?? q.section.querySelector<HTMLInputElement>('input[type=radio]');
}

function collectQuestions(): void {
  document.querySelectorAll<HTMLElement>('.question[data-question-key]').forEach((section) => {
    const key = section.dataset.questionKey ?? '';
    const q: Question = {
      key,
      type: section.dataset.questionType ?? 'text',
      id: section.id,
      section,
      input: section.querySelector('textarea'),
      editor: null,
      number: section.dataset.questionNumber ?? '',
      required: section.dataset.required === 'true',
      stateEl: section.querySelector<HTMLElement>('.save-state') ?? section,
      navItem: document.querySelector<HTMLAnchorElement>(`#nav-${section.id}`),
      saveState: 'empty',
      timer: undefined,
      inFlight: null,
    };
    if (q.type === 'choice') {
      section.addEventListener('change', () => {
        changed(q);
        void save(q);
      });
    } else if (q.input) {
      const input = q.input;
      // Until the code editor has loaded (and without it), the textarea is the field.
      input.addEventListener('input', () => changed(q));
      input.addEventListener('blur', () => {
        if (q.key in unsent) void save(q);
      });
    }
    questions.push(q);
  });
}

/**
 * Replaces each code question's textarea by the code editor, loaded only on pages that have one. The textarea
 * keeps the value in sync, so a page without the editor (or before it loads) works the same.
 */
async function enhanceCodeQuestions(): Promise<void> {
  const code = questions.filter((q) => q.type === 'code' && q.input);
  if (code.length === 0) return;
  const { createCodeEditor } = await import('./candidate/editor.js');
  for (const q of code) {
    const input = q.input!;
    const hadFocus = document.activeElement === input;
    const hint = maybe(`${q.id}-hint`);
    show(hint, true);
    q.editor = createCodeEditor(input, {
      language: q.section.dataset.language ?? null,
      labelledBy: `${q.id}-heading`,
      describedBy: [`${q.id}-label`, hint ? hint.id : '', `${q.id}-prompt`, `${q.id}-state`].join(' ').trim(),
      onChange: () => changed(q),
      readOnly: input.readOnly,
    });
    // The label names the hidden textarea; a click on it goes to the editor that replaced it.
    maybe(`${q.id}-label`)?.addEventListener('click', (event) => {
      event.preventDefault();
      q.editor?.focus();
    });
    if (hadFocus) q.editor.focus();
  }
}

/** Brings a question under the sticky bar and puts the focus in its answer. */
function goToQuestion(q: Question): void {
  const barBottom = maybe('timer-bar')?.getBoundingClientRect().bottom ?? 0;
  window.scrollBy(0, q.section.getBoundingClientRect().top - Math.max(0, barBottom) - 12);
  fieldOf(q)?.focus({ preventScroll: true });
}

function initNavigator(): void {
  show(maybe('question-nav'), true);
  for (const q of questions) {
    q.navItem?.addEventListener('click', (event) => {
      event.preventDefault();
      history.replaceState(null, '', `#${q.id}`);
      goToQuestion(q);
    });
  }
  // The sticky bar's height, so that a question scrolled to (jump link, Start) is not hidden under it.
  const bar = maybe('timer-bar');
  const measure = (): void => {
    if (bar) document.documentElement.style.setProperty('--bar-height', `${bar.offsetHeight}px`);
  };
  measure();
  if (bar && 'ResizeObserver' in window) new ResizeObserver(measure).observe(bar);
}

/* ---------- the clock ---------- */

function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

function tick(): void {
  if (deadlineMs === null || finished) return;
  const remaining = deadlineMs - serverNow();
  const text = formatRemaining(remaining);
  if (text !== lastCountdownText) {
    $('countdown').textContent = text;
    lastCountdownText = text;
  }
  $('timer-bar').classList.toggle('is-low', remaining <= 10 * 60000 && remaining > 0);
  $('timer-bar').classList.toggle('is-over', remaining <= 0);
  warnIfNeeded(remaining);
  if (remaining <= 0 && !zeroShown) {
    // 0:00 on this estimate: say so at once, in the sticky bar, and ask the server, whose clock decides.
    zeroShown = true;
    show($('time-warning'), false);
    show($('time-up'), true);
  }
  if (remaining <= 0 && !timeUp && !syncInFlight) void sync();
}

/** "Under 10 minutes left", "Under 2 minutes left", "Under a minute left": each true until the next. */
function warnIfNeeded(remaining: number): void {
  if (remaining <= 0) return;
  const due = [...WARNING_MINUTES].reverse().find((minutes) => remaining <= minutes * 60000) ?? null;
  if (due === warnedAt) return;
  warnedAt = due;
  const warning = $('time-warning');
  if (due === null) {
    // An extension took the time back above every warning.
    show(warning, false);
    return;
  }
  warning.textContent = due === 1 ? M.warningLastMinute : fill(M.warningMinutes, { n: due });
  show(warning, true);
}

/** A new deadline from the server: a recruiter extended the attempt. Moves the clock and says so. */
function deadlineMoved(iso: string): void {
  const before = deadlineMs;
  deadlineMs = Date.parse(iso);
  if (before === null || deadlineMs <= before) return;
  setTime(maybe('deadline-time'), iso);
  const notice = $('time-extended');
  notice.textContent = fill(M.extended, { time: localShortTime(iso) });
  show(notice, true);
  if (zeroShown && !timeUp && deadlineMs > serverNow()) {
    zeroShown = false;
    show($('time-up'), false);
  }
}

/** Re-reads the attempt: corrects the clock offset, picks up an extension or the end of the attempt. */
async function sync(): Promise<void> {
  clearTimeout(syncTimer);
  syncInFlight = true;
  try {
    const result = await api<AttemptData>('GET', '/attempt');
    if ([401, 404, 410].includes(result.status)) return location.reload();
    if (!result.ok || !result.data) throw new Error(`HTTP ${result.status}`);
    const attempt = result.data;
    if (attempt.status === 'expired' || attempt.status === 'withdrawn') return location.reload();
    if (attempt.status !== 'started') return showDone(attempt);
    if (attempt.deadline) deadlineMoved(attempt.deadline);
    if (deadlineMs !== null && Date.parse(attempt.serverNow) >= deadlineMs) enterTimeUp();
  } catch {
    /* the next sync tries again */
  } finally {
    syncInFlight = false;
    scheduleSync();
    tick();
  }
}

function scheduleSync(): void {
  if (finished) return;
  clearTimeout(syncTimer);
  const remaining = deadlineMs === null ? Infinity : deadlineMs - serverNow();
  const delay = timeUp || zeroShown ? POLL_AFTER_END_MS : remaining <= 2 * 60000 ? SYNC_NEAR_END_MS : SYNC_EVERY_MS;
  syncTimer = setTimeout(() => void sync(), delay);
}

/** The server's clock passed the deadline: send what is pending (the grace period allows it) and wait. */
function enterTimeUp(): void {
  if (timeUp || finished) return;
  timeUp = true;
  zeroShown = true;
  void saveAll().then(() => {
    for (const q of questions) {
      if (q.input) q.input.readOnly = true;
      q.editor?.setReadOnly(true);
      q.section.querySelectorAll<HTMLInputElement>('input[type=radio]').forEach((radio) => {
        radio.disabled = true;
      });
    }
  });
  show($('time-warning'), false);
  show($('submit-confirm'), false);
  $<HTMLButtonElement>('submit-button').disabled = true;
  show($('time-up'), true);
  scheduleSync();
}

/* ---------- submitting ---------- */

function confirmText(): string {
  const empty = questions.filter((q) => q.required && getValue(q).trim() === '');
  const list = empty.map((q) => q.number).join(', ');
  const warning =
    empty.length === 0 ? '' : fill(empty.length === 1 ? M.requiredEmptyOne : M.requiredEmptyOther, { list });
  return warning + M.confirmQuestion;
}

function initSubmit(): void {
  const button = $<HTMLButtonElement>('submit-button');
  const confirmBox = $('submit-confirm');
  const yes = $<HTMLButtonElement>('submit-confirm-yes');
  const cancel = $<HTMLButtonElement>('submit-cancel');
  const error = $('submit-error');
  const close = (): void => {
    show(confirmBox, false);
    button.focus();
  };
  button.addEventListener('click', () => {
    $('submit-confirm-text').textContent = confirmText();
    show(confirmBox, true);
    // The safe choice has the focus: Enter pressed twice keeps the candidate working.
    cancel.focus();
  });
  cancel.addEventListener('click', close);
  confirmBox.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  yes.addEventListener('click', () => {
    yes.disabled = true;
    show(error, false);
    $('submit-confirm-text').textContent = M.savingLast;
    saveAll()
      .then(async (allSaved) => {
        if (!allSaved) throw new Error('unsaved');
        $('submit-confirm-text').textContent = M.submitting;
        const result = await api<AttemptData>('POST', '/attempt/submit');
        if (result.ok && result.data) return showDone(result.data);
        if (isDeadlinePassed(result)) return enterTimeUp();
        if (result.status === 409) return sync();
        throw new Error(`HTTP ${result.status}`);
      })
      .catch(() => {
        error.textContent = M.submitFailed;
        show(error, true);
      })
      .finally(() => {
        yes.disabled = false;
        $('submit-confirm-text').textContent = confirmText();
      });
  });
}

function initDuring(): void {
  collectQuestions();
  restoreUnsent();
  initNavigator();
  updateOverview();
  void enhanceCodeQuestions().catch(() => undefined);
  void loadAnswers().then(saveAll);
  initSubmit();
  window.addEventListener('online', () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    retry();
  });
  window.addEventListener('offline', () => {
    // Whatever is waiting to be sent now waits for the connection.
    for (const q of questions) if (q.key in unsent) setSaveState(q, 'offline', M.notSavedRetrying);
  });
  // Timers stop while a laptop sleeps or a tab is hidden: on return, ask the server where things stand.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !finished) void sync();
  });
  tickTimer = setInterval(tick, 250);
  tick();
  void sync();
  openAtFirstQuestion();
}

/** Just after Start: the first question in view, its answer focused (the reload kept no scroll position). */
function openAtFirstQuestion(): void {
  let justStarted = false;
  try {
    justStarted = sessionStorage.getItem(justStartedKey) === '1';
    sessionStorage.removeItem(justStartedKey);
  } catch {
    /* storage disabled */
  }
  if (justStarted && questions[0]) goToQuestion(questions[0]);
}

/* ---------- after the submission ---------- */

function showDone(attempt: AttemptData): void {
  finished = true;
  clearTimeout(syncTimer);
  if (retryTimer) clearTimeout(retryTimer);
  clearInterval(tickTimer);
  // Nothing can be sent any more: keep no answer text in this browser.
  unsent = {};
  writeUnsent();
  for (const id of ['timer-bar', 'answers-form', 'save-banner', 'start-section', 'readings']) show(maybe(id), false);
  const byDeadline = attempt.submittedBy ? attempt.submittedBy === 'deadline' : timeUp;
  $('submitted-how').textContent = byDeadline ? M.doneByDeadline : M.doneByYou;
  if (attempt.feedbackDueAt) showFeedbackDue(attempt.feedbackDueAt);
  show($('done'), true);
  if (!preview) show(maybe('test-rating'), true);
  window.scrollTo(0, 0);
  $('done-heading').focus();
  initWaitingForFeedback();
}

function showFeedbackDue(iso: string): void {
  setTime(maybe('feedback-due-time'), iso);
  show(maybe('feedback-due'), true);
}

/* ---------- waiting for feedback ---------- */

const FEEDBACK_POLL_MS = 60000;
let feedbackTimer: ReturnType<typeof setTimeout> | undefined;
let waitingForFeedback = false;

/**
 * While the feedback is pending, asks now and then whether it was sent; once it is, reloads so the server
 * renders it (with the answers and the reviewer's comments) in one place.
 */
function loadFeedback(): void {
  clearTimeout(feedbackTimer);
  api<{ status: string; feedbackDueAt?: string }>('GET', '/feedback')
    .then((result) => {
      if (!result.ok || !result.data) return; // 404 until the feedback service knows of it
      if (result.data.status === 'sent') return location.reload();
      if (result.data.feedbackDueAt) showFeedbackDue(result.data.feedbackDueAt);
    })
    .catch(() => {
      /* offline: the confirmation stands on its own */
    })
    .finally(() => {
      feedbackTimer = setTimeout(loadFeedback, FEEDBACK_POLL_MS);
    });
}

function initWaitingForFeedback(): void {
  if (waitingForFeedback) return; // a submit and a sync may both end the attempt
  waitingForFeedback = true;
  loadFeedback();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') loadFeedback();
  });
}

/* ---------- ratings: the test after submitting, the feedback after it ---------- */

interface RatingData {
  length: number | null;
  learning: number | null;
  feedbackUsefulness: number | null;
  comment: string | null;
}

interface RatingForm {
  prefix: string;
  stage: 'after_submit' | 'after_feedback';
  /** The 1-5 fields the stage asks, with the message when one is missing. */
  fields: { name: 'length' | 'learning' | 'feedbackUsefulness'; missing: string }[];
  summary: (rating: RatingData) => string;
}

const checkedValue = (form: HTMLFormElement, name: string): number | null => {
  const checked = form.querySelector<HTMLInputElement>(`input[name=${name}]:checked`);
  return checked ? Number(checked.value) : null;
};

/** A rating form sends once; the stored rating (a repeat returns the first) then replaces it. */
function initRatingForm(spec: RatingForm): void {
  const form = maybe<HTMLFormElement>(`${spec.prefix}-form`);
  if (!form) return; // already rated: the server shows the thank-you
  const error = $(`${spec.prefix}-error`);
  const button = $<HTMLButtonElement>(`${spec.prefix}-submit`);
  const commentField = $<HTMLTextAreaElement>(`${spec.prefix}-comment`);
  const fail = (message: string, focusEl?: HTMLElement | null): void => {
    error.textContent = message;
    show(error, true);
    focusEl?.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show(error, false);
    const payload: Record<string, string | number> = { stage: spec.stage };
    for (const field of spec.fields) {
      const value = checkedValue(form, field.name);
      if (value === null) return fail(field.missing, form.querySelector<HTMLElement>(`input[name=${field.name}]`));
      payload[field.name] = value;
    }
    const comment = commentField.value.trim();
    if (comment) payload.comment = comment;
    button.disabled = true;
    api<RatingData>('POST', '/ratings', payload)
      .then((result: ApiResult<RatingData>) => {
        if (result.ok && result.data) return showThanks(spec, result.data);
        const first = result.data?.errors?.[0];
        if (result.status === 400 && first) {
          return fail(
            fill(M.ratingNotSent, { reason: first.message }),
            first.field === 'comment' ? commentField : null,
          );
        }
        throw new Error(`HTTP ${result.status}`);
      })
      .catch(() => fail(M.ratingFailed))
      .finally(() => {
        button.disabled = false;
      });
  });
}

function showThanks(spec: RatingForm, rating: RatingData): void {
  $(`${spec.prefix}-thanks-summary`).textContent = spec.summary(rating);
  const comment = $(`${spec.prefix}-thanks-comment`);
  comment.textContent = rating.comment ?? '';
  show(comment, !!rating.comment);
  show($(`${spec.prefix}-form`), false);
  show($(`${spec.prefix}-thanks`), true);
  $(`${spec.prefix}-thanks`).focus();
}

function initRatings(): void {
  initRatingForm({
    prefix: 'test-rating',
    stage: 'after_submit',
    fields: [
      { name: 'length', missing: M.chooseLength },
      { name: 'learning', missing: M.chooseLearning },
    ],
    summary: (r) => fill(M.ratedTest, { length: r.length ?? '', learning: r.learning ?? '' }),
  });
  initRatingForm({
    prefix: 'rating',
    stage: 'after_feedback',
    fields: [{ name: 'feedbackUsefulness', missing: M.chooseUsefulness }],
    summary: (r) => {
      const value = r.feedbackUsefulness;
      if (!value) return '';
      const label = document.querySelector(`label[for="usefulness-${value}"] .usefulness-label`);
      return fill(M.ratedUsefulness, { value, label: label?.textContent ?? '' });
    },
  });
}

/* ---------- the candidate's data ---------- */

/** The feedback page's "Download your data": the export is fetched with the token and saved as a file. */
function initDataDownload(): void {
  const button = maybe<HTMLButtonElement>('data-download');
  if (!button) return;
  const error = $('data-download-error');
  button.addEventListener('click', () => {
    button.disabled = true;
    show(error, false);
    downloadFile('/data', 'candor-data.json')
      .then((file) => {
        if (!file) throw new Error('refused');
        const url = URL.createObjectURL(file.blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = file.name;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      })
      .catch(() => {
        error.textContent = M.downloadFailed;
        show(error, true);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

/* ---------- a recruiter's preview ---------- */

/** What the reload after Start shows a candidate, without a reload (the server knows of no attempt). */
function startPreview(attempt: AttemptData): void {
  if (!attempt.deadline) return;
  deadlineMs = Date.parse(attempt.deadline);
  body.dataset.phase = 'during';
  show(maybe('start-section'), false);
  document.querySelectorAll<HTMLElement>('.facts').forEach((el) => show(el, false));
  setTime(maybe('deadline-time'), attempt.deadline);
  show($('timer-bar'), true);
  show($('answers-form'), true);
  initDuring();
  if (questions[0]) goToQuestion(questions[0]);
}

localiseTimes();
if (body.dataset.phase === 'before') initBefore();
else if (body.dataset.phase === 'during') initDuring();
if (body.dataset.phase === 'after' && body.dataset.feedback !== 'sent') initWaitingForFeedback();
initRatings();
initDataDownload();
