// Shared by the staff pages' scripts: same-origin JSON calls that carry the session cookie, and with it the
// page's CSRF token (the server refuses a change made with the cookie alone: other sites' requests carry it too).

/** One field's problem in a 400 problem+json answer. */
export interface FieldError {
  field: string;
  message: string;
}

/** The parts of a problem+json body the pages read. */
export interface Problem {
  detail?: string;
  errors?: FieldError[];
}

export interface ApiResult<T> {
  status: number;
  body: T | null;
  /** The problem+json `detail`, when the server sent one. */
  problem: string | null;
}

/** The token the server rendered into the page (`<meta name="csrf-token">`), bound to this session. */
export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { 'x-csrf-token': csrfToken() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    // The pages' policy is no-referrer, under which a POST's Origin is "null"; the server wants to see its own.
    referrerPolicy: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  const data = res.status !== 204 && /json/.test(type) ? ((await res.json()) as unknown) : null;
  const problem =
    data && typeof data === 'object' && 'detail' in data && typeof data.detail === 'string' ? data.detail : null;
  return { status: res.status, body: data as T | null, problem };
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

export function setText(id: string, text: string): void {
  const el = byId(id);
  if (el) el.textContent = text;
}
