// Shared by the staff pages' scripts: same-origin JSON calls that carry the session cookie.

export interface ApiResult<T> {
  status: number;
  body: T | null;
  /** The problem+json `detail`, when the server sent one. */
  problem: string | null;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  const data = res.status !== 204 && /json/.test(type) ? ((await res.json()) as unknown) : null;
  const problem = data && typeof data === 'object' && 'detail' in data && typeof data.detail === 'string' ? data.detail : null;
  return { status: res.status, body: data as T | null, problem };
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

export function setText(id: string, text: string): void {
  const el = byId(id);
  if (el) el.textContent = text;
}
