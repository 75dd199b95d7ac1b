export type Outcome =
  | { kind: 'response'; status: number; body: unknown; at: number }
  /** No HTTP answer: the code says why (ECONNREFUSED: nobody listening; ECONNRESET / UND_ERR_SOCKET: cut off; TIMEOUT). */
  | { kind: 'error'; code: string; at: number };

export interface RequestOptions {
  token?: string;
  body?: unknown;
  timeoutMs?: number;
}

/** Counts per row: every write sent (retries included) and those answered 2xx. */
export interface WriteStats {
  sent: number;
  acknowledged: number;
}

/**
 * The api instances of a row as a load balancer sees them: requests go round-robin, and a caller that got no
 * answer (or a 503) from one instance tries the next. Only talks to 127.0.0.1.
 */
export class Api {
  readonly stats: WriteStats = { sent: 0, acknowledged: 0 };
  /** Requests that reached no instance or were cut off, by error code (kept for the row's details). */
  readonly failures = new Map<string, number>();
  private next = 0;

  constructor(private bases: string[]) {
    for (const base of bases) {
      if (!base.startsWith('http://127.0.0.1:'))
        throw new Error(`the fault suite talks only to 127.0.0.1, not ${base}`);
    }
  }

  /** Takes an instance out of rotation (a load balancer noticing it left). */
  retire(base: string): void {
    if (this.bases.length > 1) this.bases = this.bases.filter((b) => b !== base);
  }

  pick(): string {
    this.next = (this.next + 1) % this.bases.length;
    return this.bases[this.next];
  }

  async send(method: string, path: string, options: RequestOptions = {}, base = this.pick()): Promise<Outcome> {
    const write = method !== 'GET';
    if (write) this.stats.sent += 1;
    const outcome = await request(base, method, path, options);
    if (outcome.kind === 'error') this.failures.set(outcome.code, (this.failures.get(outcome.code) ?? 0) + 1);
    if (write && outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300)
      this.stats.acknowledged += 1;
    return outcome;
  }

  /** Setup calls: must succeed with the expected status (after a few retries on no answer or 5xx). */
  async must<T>(method: string, path: string, expected: number, options: RequestOptions = {}): Promise<T> {
    let last: Outcome | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      last = await this.send(method, path, options);
      if (last.kind === 'response' && last.status === expected) return last.body as T;
      if (last.kind === 'response' && last.status < 500) break;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
    throw new Error(`${method} ${path}: expected ${expected}, got ${describe(last!)}`);
  }
}

export function describe(outcome: Outcome): string {
  return outcome.kind === 'error' ? outcome.code : `${outcome.status} ${JSON.stringify(outcome.body).slice(0, 300)}`;
}

export async function request(
  base: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      // Not JSON (an HTML error page): kept as text.
    }
    return { kind: 'response', status: res.status, body, at: Date.now() };
  } catch (err) {
    return { kind: 'error', code: errorCode(err), at: Date.now() };
  }
}

function errorCode(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'TIMEOUT';
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return err instanceof Error ? err.message : String(err);
}

export const isOk = (o: Outcome): boolean => o.kind === 'response' && o.status >= 200 && o.status < 300;
/** Worth retrying: no answer, a server error, a 503 from an instance shutting down, or a 429. */
export const isRetryable = (o: Outcome): boolean => o.kind === 'error' || o.status >= 500 || o.status === 429;
export const problemType = (o: Outcome): string =>
  o.kind === 'response' && o.body && typeof o.body === 'object' && 'type' in o.body ? String(o.body.type) : '';
