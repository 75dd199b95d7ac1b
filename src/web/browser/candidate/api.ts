// The candidate API as this page uses it, with the token from the page's own URL as the Bearer credential.
// Time comes from the server: every response carries serverNow, and the clock runs on (browser clock + offset),
// re-synchronised often, so a wrong browser clock never moves the deadline.

/** A problem+json body, or any JSON answer, as far as the page reads it. */
export interface ApiData {
  serverNow?: string;
  type?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  [key: string]: unknown;
}

export interface ApiResult<T = ApiData> {
  status: number;
  ok: boolean;
  data: (T & ApiData) | null;
  retryAfter: number;
}

export interface AttemptData {
  status: string;
  deadline?: string | null;
  serverNow: string;
  submittedAt?: string | null;
  submittedBy?: string | null;
  feedbackDueAt?: string | null;
}

export interface SavedAnswerData {
  value: string;
  savedAt: string;
}

const API = '/api/v1/candidate';
/** Tries of one call when Candor is busy (503) or out of reach; every candidate call is safe to repeat. */
const API_TRIES = 4;

const token = decodeURIComponent(location.pathname.split('/')[2] ?? '');
let offsetMs = Date.parse(document.body.dataset.serverNow ?? '') - Date.now() || 0;

/** The server's clock as this page estimates it. */
export const serverNow = (): number => Date.now() + offsetMs;

/** A recruiter's preview answers calls in the browser instead (see preview.ts). */
type Handler = (method: string, path: string) => Promise<ApiResult>;
let localHandler: Handler | null = null;
export function answerLocally(handler: Handler): void {
  localHandler = handler;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One call to the candidate API. Resolves with {status, data}; rejects only when the network fails every try.
 * A 502/503/504 or a failed connection is tried again after Retry-After (or 0.5, 1, 2 s, with jitter, so that
 * a class pressing Start together does not come back together).
 */
export async function api<T = ApiData>(method: string, path: string, payload?: unknown): Promise<ApiResult<T>> {
  if (localHandler) return (await localHandler(method, path)) as ApiResult<T>;
  for (let attempt = 1; ; attempt++) {
    let result: ApiResult<T> | null = null;
    try {
      result = await callOnce<T>(method, path, payload);
    } catch (err) {
      if (attempt >= API_TRIES) throw err;
    }
    const busy = result !== null && [502, 503, 504].includes(result.status);
    if (result !== null && (!busy || attempt >= API_TRIES)) return result;
    const retryAfter = result?.retryAfter ?? 0;
    const base = retryAfter > 0 ? Math.min(retryAfter, 10) * 1000 : 500 * 2 ** (attempt - 1);
    await sleep(base * (0.75 + Math.random() * 0.5));
  }
}

async function callOnce<T>(method: string, path: string, payload: unknown): Promise<ApiResult<T>> {
  const sentAt = Date.now();
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(API + path, {
    method,
    headers,
    body: payload === undefined ? undefined : JSON.stringify(payload),
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  const receivedAt = Date.now();
  const data = (await response.json().catch(() => null)) as (T & ApiData) | null;
  if (data?.serverNow) offsetMs = Date.parse(data.serverNow) - (sentAt + receivedAt) / 2;
  const retryAfter = Number(response.headers.get('Retry-After')) || 0;
  return { status: response.status, ok: response.ok, data, retryAfter };
}

/**
 * A file from the candidate API (the data export), fetched with the Bearer token like every call and handed to
 * the browser to save: the token never goes into a URL. Null when the API refused.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<{ blob: Blob; name: string } | null> {
  const response = await fetch(API + path, {
    headers: { Authorization: `Bearer ${token}` },
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  if (!response.ok) return null;
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await response.blob(), name };
}

export function isDeadlinePassed(result: ApiResult<unknown>): boolean {
  return result.status === 409 && /\/deadline-passed$/.test(String(result.data?.type ?? ''));
}
