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

/**
 * A same-origin call with the page's session. The body goes as JSON, or as it is when `rawType` names its media
 * type (a CSV file's text).
 */
export async function api<T>(method: string, path: string, body?: unknown, rawType?: string): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { 'x-csrf-token': csrfToken() };
  if (body !== undefined) headers['content-type'] = rawType ?? 'application/json';
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    // The pages' policy is no-referrer, under which a POST's Origin is "null"; the server wants to see its own.
    referrerPolicy: 'same-origin',
    headers,
    body:
      body === undefined ? undefined : rawType !== undefined && typeof body === 'string' ? body : JSON.stringify(body),
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

/** A text field of a form (FormData also holds files, which are not read this way). */
export const field = (data: FormData, name: string): string => {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
};

/** Empties the messages beside a form's fields and the fields' invalid marks, before a new attempt. */
export function clearFieldErrors(form: HTMLFormElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>('.field-error')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}
