// A recruiter's preview (/assessments/:id/preview): the candidate API as this page uses it, answered in the
// browser. Start sets the deadline to now + the limit, saves succeed at once (the answers stay in memory),
// Submit shows the submitted state. Nothing is sent to Candor, so a preview creates no attempt, answer or
// submission.
import { type ApiData, type ApiResult, serverNow } from './api.js';

interface PreviewState {
  status: 'invited' | 'started' | 'submitted';
  deadline: number | null;
  submittedAt: number | null;
  submittedBy: 'candidate' | 'deadline' | null;
}

const state: PreviewState = { status: 'invited', deadline: null, submittedAt: null, submittedBy: null };
const iso = (ms: number): string => new Date(ms).toISOString();

export function previewApi(method: string, path: string): Promise<ApiResult> {
  // The page's own clock (the server's time when the page was rendered, run on by the browser).
  const now = serverNow();
  const minutes = Number(document.body.dataset.timeLimitMinutes ?? 0);
  const feedbackDueHours = Number(document.body.dataset.feedbackDueHours ?? 0);
  const end = (by: 'candidate' | 'deadline'): void => {
    state.status = 'submitted';
    state.submittedAt = now;
    state.submittedBy = by;
  };
  if (state.status === 'started' && state.deadline !== null && now >= state.deadline) end('deadline');
  let data: ApiData = { status: state.status, serverNow: iso(now) };
  if (state.deadline !== null) data.deadline = iso(state.deadline);
  if (method === 'POST' && path === '/attempt/start' && state.status === 'invited') {
    state.status = 'started';
    state.deadline = now + minutes * 60_000;
    data = { status: 'started', deadline: iso(state.deadline), serverNow: iso(now) };
  } else if (method === 'PUT') {
    data = { savedAt: iso(now), serverNow: iso(now) };
  } else if (path === '/attempt/answers') {
    data = { answers: {}, serverNow: iso(now) };
  } else if (method === 'POST' && path === '/attempt/submit' && state.status === 'started') {
    end('candidate');
  }
  if (state.status === 'submitted' && state.submittedAt !== null) {
    data.submittedAt = iso(state.submittedAt);
    data.submittedBy = state.submittedBy;
    data.feedbackDueAt = iso(state.submittedAt + feedbackDueHours * 3_600_000);
    if (path === '/feedback') data.status = 'pending';
  }
  return Promise.resolve({ status: 200, ok: true, data, retryAfter: 0 });
}
