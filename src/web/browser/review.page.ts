// The /review page: claim, autosave the draft (which answers the unmet feedback rules), complete, release.
// Same-origin fetches carry the httpOnly session cookie; no inline script (CSP).
import { api, byId, setText } from './staff-api.js';

const SAVE_DELAY_MS = 400;

interface UnmetRule {
  field: string;
  message: string;
}

type Draft = Record<string, unknown> & { scores: Record<string, number>; criteria: Record<string, string> };

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
      setText('claim-status', res.status === 204 ? 'The queue is empty: nothing to claim right now.' : res.problem ?? `Could not claim (${res.status}).`);
    });
  });
}

const form = byId<HTMLFormElement>('feedback-form');
const workspace = byId('workspace');
if (form && workspace) {
  const base = '/api/v1/reviews/' + encodeURIComponent(workspace.dataset.reviewId ?? '');
  const completeButton = byId<HTMLButtonElement>('complete')!;
  let timer: number | undefined;
  let saving: Promise<unknown> = Promise.resolve();

  const collect = (): Draft => {
    const body: Draft = { scores: {}, criteria: {} };
    for (const el of Array.from(form.elements) as HTMLInputElement[]) {
      if (!el.name) continue;
      if (el.name === 'decision') {
        if (el.checked) body.decision = el.value;
      } else if (el.name.startsWith('scores.')) {
        if (el.value.trim() !== '' && !Number.isNaN(Number(el.value))) body.scores[el.name.slice(7)] = Number(el.value);
      } else if (el.name.startsWith('criteria.')) {
        if (el.value !== '') body.criteria[el.name.slice(9)] = el.value;
      } else if (el.value !== '') {
        body[el.name] = el.value;
      }
    }
    return body;
  };

  const showUnmet = (unmet: UnmetRule[]): void => {
    const list = byId('unmet')!;
    list.textContent = '';
    for (const rule of unmet) {
      const li = document.createElement('li');
      li.dataset.field = rule.field;
      const code = document.createElement('code');
      code.textContent = rule.field;
      li.append(code, ' ' + rule.message);
      list.appendChild(li);
    }
    byId('all-met')!.hidden = unmet.length > 0;
    completeButton.disabled = unmet.length > 0;
    for (const el of Array.from(form.querySelectorAll<HTMLInputElement>('[name]'))) {
      el.classList.toggle('unmet', unmet.some((rule) => rule.field === el.name));
    }
  };

  const save = (): Promise<unknown> => {
    saving = api<{ unmet: UnmetRule[]; savedAt: string; leaseExpiresAt: string }>('PUT', base + '/draft', collect()).then((res) => {
      if (res.status === 200 && res.body) {
        showUnmet(res.body.unmet);
        setText('save-status', 'Draft saved ' + new Date(res.body.savedAt).toLocaleTimeString());
        setText('lease-ends', new Date(res.body.leaseExpiresAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
      } else {
        setText('save-status', res.problem ?? `Draft not saved (${res.status}).`);
      }
    });
    return saving;
  };

  form.addEventListener('input', () => {
    setText('save-status', 'Saving…');
    window.clearTimeout(timer);
    timer = window.setTimeout(save, SAVE_DELAY_MS);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    completeButton.disabled = true;
    void saving
      .then(() => api<{ errors?: UnmetRule[] }>('POST', base + '/complete', collect()))
      .then((res) => {
        if (res.status === 200) {
          window.location.assign('/review?sent=1');
        } else if (res.status === 422) {
          showUnmet(res.body?.errors ?? []);
        } else {
          completeButton.disabled = false;
          setText('save-status', res.problem ?? `Not sent (${res.status}).`);
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
