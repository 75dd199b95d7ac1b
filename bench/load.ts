/**
 * Load for bench/exam-day.bench.ts: HTTP calls timed one by one (node:http, so a burst opens as many sockets as it
 * asks for), sustained autosave load with autocannon, and a process's memory from /proc.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { percentile } from './metrics.bench.js';

export interface Timed {
  /** The HTTP status, or `error` when the connection failed (refused, reset, timed out). */
  status: number | 'error';
  /** The socket error's code, for `error`. */
  errorCode?: string;
  body: string;
  ms: number;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** A keep-alive agent for repeated calls; by default a new connection that is closed after the answer. */
  agent?: Agent;
  timeoutMs?: number;
}

const oneShot = new Agent({ keepAlive: false, maxSockets: Infinity });

/** One call, timed from the moment it is made to the last byte of the answer; never rejects. */
export function call(method: string, url: string, options: CallOptions = {}): Promise<Timed> {
  const body = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: options.agent ?? oneShot,
        headers: {
          ...options.headers,
          ...(body && { 'content-type': 'application/json', 'content-length': String(body.length) }),
        },
        timeout: options.timeoutMs ?? 120_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - started,
          }),
        );
        res.on('error', (err: NodeJS.ErrnoException) =>
          resolve({ status: 'error', errorCode: err.code ?? err.message, body: '', ms: performance.now() - started }),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ status: 'error', errorCode: err.code ?? err.message, body: '', ms: performance.now() - started }),
    );
    req.end(body);
  });
}

/** `call` that insists on a 2xx and parses the answer. */
export async function callOk<T>(method: string, url: string, options: CallOptions = {}): Promise<T> {
  const res = await call(method, url, options);
  if (res.status === 'error' || res.status < 200 || res.status >= 300)
    throw new Error(
      `${method} ${new URL(url).pathname} answered ${res.status}${res.errorCode ? ` (${res.errorCode})` : ''}`,
    );
  return (res.body === '' ? undefined : JSON.parse(res.body)) as T;
}

/** Runs `work` over `items` with at most `limit` at a time; results in the items' order. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Each status (or `error:<code>`) and how often it came. */
export function countStatuses(results: readonly Timed[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === 'error' ? `error:${r.errorCode ?? 'unknown'}` : String(r.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function latencies(ms: readonly number[]): LatencySummary {
  if (ms.length === 0) return { p50Ms: NaN, p99Ms: NaN, maxMs: NaN };
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted[sorted.length - 1] };
}

export interface AutosaveLoad {
  /** One base URL per process; the connections are split evenly between them. */
  baseUrls: readonly string[];
  connections: number;
  durationS: number;
  /** Candidate tokens of started attempts, used round-robin one request after another. */
  tokens: readonly string[];
  questionKeys: readonly string[];
  /** The request body: {"value": ...}. */
  body: string;
}

export interface AutosaveResult extends LatencySummary {
  /** Successful (2xx) saves per second. */
  rps: number;
  requests: number;
  /** Non-2xx answers plus socket errors and timeouts. */
  errors: number;
  statusCounts: Record<string, number>;
}

/**
 * PUT /api/v1/candidate/attempt/answers/:questionKey for `durationS` over `connections` keep-alive connections
 * (autocannon). Request i goes out with token i mod n and, once per round of tokens, the next question, so with
 * a few times more attempts than connections two saves of one attempt rarely overlap, as for real candidates.
 * Latency is every answer's, 2xx or not, recorded as it arrives.
 */
export async function autosave(load: AutosaveLoad): Promise<AutosaveResult> {
  let next = 0;
  const setupRequest = (request: autocannon.Request): autocannon.Request => {
    const i = next++;
    const key = load.questionKeys[Math.floor(i / load.tokens.length) % load.questionKeys.length];
    return {
      ...request,
      path: `/api/v1/candidate/attempt/answers/${key}`,
      headers: { ...request.headers, authorization: `Bearer ${load.tokens[i % load.tokens.length]}` },
    };
  };
  const samples: number[] = [];
  const perUrl = Math.max(1, Math.round(load.connections / load.baseUrls.length));
  const results = await Promise.all(
    load.baseUrls.map(
      (url) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url,
              connections: perUrl,
              duration: load.durationS,
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body: load.body,
              requests: [{ setupRequest }],
              timeout: 30,
            },
            (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
          );
          instance.on('response', (_client, _status, _bytes, responseTime) => void samples.push(responseTime));
        }),
    ),
  );
  const statusCounts: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let requests = 0;
  for (const result of results) {
    for (const [status, { count = 0 } = {}] of Object.entries(result.statusCodeStats ?? {})) {
      statusCounts[status] = (statusCounts[status] ?? 0) + count;
      requests += count;
      if (status.startsWith('2')) ok += count;
    }
    errors += result.non2xx + result.errors;
    if (result.errors > 0) statusCounts.error = (statusCounts.error ?? 0) + result.errors;
  }
  const duration = Math.max(...results.map((r) => r.duration));
  return { rps: ok / duration, requests, errors, statusCounts, ...latencies(samples) };
}

/** A 2 KB answer as JSON, the body of every save. */
export function answerBody(chars = 2048): string {
  const text = 'The payout job keeps an idempotency key per payout and retries with backoff. ';
  return JSON.stringify({ value: text.repeat(Math.ceil(chars / text.length)).slice(0, chars) });
}

/** A line of /proc/<pid>/status in MB (VmRSS: now, VmHWM: the peak so far); NaN once the process is gone. */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the highest seen. */
export function sampleRss(pid: number, everyMs = 100): () => number {
  let peak = memoryMb(pid, 'VmRSS') || 0;
  const timer = setInterval(() => {
    const now = memoryMb(pid, 'VmRSS');
    if (now > peak) peak = now;
  }, everyMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
}
