import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseIp } from './ip-address.js';
import { isPublicIp, outboundUrlProblem } from './public-address.js';

/**
 * The one place Candor calls out over HTTP (webhooks, ATS callbacks). URLs come from customers, so unless
 * OUTBOUND_ALLOW_PRIVATE is set a call may only reach public addresses: the name is resolved once, every
 * address checked, and the socket connects to a checked address (DNS rebinding cannot swap it in between).
 * Error messages never carry the query string, the path or header values: they may hold secrets.
 */

export interface OutboundRequest {
  method: 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  /** Sent as is; null/undefined: no body (Content-Length: 0). */
  body?: string | null;
  /** Whole call bound: DNS + connect + answer headers + reading the (discarded) answer body. */
  timeoutMs: number;
  /** OUTBOUND_ALLOW_PRIVATE: when false, only public addresses may be called. */
  allowPrivate: boolean;
}

export interface OutboundResponse {
  statusCode: number;
  durationMs: number;
}

/** The target is not allowed (private/loopback/link-local after DNS, bad scheme...): retrying will not help unless DNS changes. */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
}

/** Resolves a host name to addresses; injectable so tests can simulate DNS rebinding. Default: dns.lookup(all). */
export type HostResolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const USER_AGENT = 'Candor-Webhooks/1';
/** The answer body is only read so the exchange completes; past this much we have what we need. */
const MAX_ANSWER_BYTES = 64 * 1024;

const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true });

interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

interface Target {
  url: URL;
  /** What messages may name: scheme, host and port (no credentials, path or query). */
  origin: string;
  /** The URL's host without IPv6 brackets, as net.connect wants it. */
  hostname: string;
}

export async function sendOutbound(request: OutboundRequest, resolver?: HostResolver): Promise<OutboundResponse> {
  const started = performance.now();
  const target = checkedTarget(request);
  if (!Number.isFinite(request.timeoutMs) || request.timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number, got ${request.timeoutMs}`);
  }
  const deadline = new Deadline(request.timeoutMs);
  try {
    const addresses = await deadline.race(resolveTarget(target, request.allowPrivate, resolver ?? systemResolver));
    const statusCode = await exchange(target, addresses, request, deadline);
    return { statusCode, durationMs: performance.now() - started };
  } finally {
    deadline.clear();
  }
}

/** The parsed URL, or OutboundRefusedError when its scheme (or, for public-only calls, its literal host) is not allowed. */
function checkedTarget(request: OutboundRequest): Target {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new OutboundRefusedError('Refusing outbound call: url is not a valid URL');
  }
  const origin = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRefusedError(`Refusing outbound call to ${origin}: url must use http or https`);
  }
  if (!request.allowPrivate) {
    const problem = outboundUrlProblem(request.url);
    if (problem) throw new OutboundRefusedError(`Refusing outbound call to ${origin}: url ${problem}`);
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { url, origin, hostname };
}

/**
 * The addresses to connect to: the literal one, or what the name resolves to (asked once). For public-only
 * calls, one non-public address refuses the whole name: a name pointing partly inward is not a webhook target.
 */
async function resolveTarget(
  target: Target,
  allowPrivate: boolean,
  resolver: HostResolver,
): Promise<ResolvedAddress[]> {
  const literal = parseIp(target.hostname);
  if (literal) return [{ address: target.hostname, family: literal.family }];
  const answers = await resolver(target.hostname);
  if (answers.length === 0) throw new Error(`${target.url.hostname} resolved to no address`);
  const resolved: ResolvedAddress[] = [];
  for (const { address } of answers) {
    const ip = parseIp(address);
    if (!allowPrivate && (!ip || !isPublicIp(ip))) {
      throw new OutboundRefusedError(
        `Refusing outbound call to ${target.origin}: ${target.url.hostname} resolves to ${address}, ` +
          'which is not a public address',
      );
    }
    if (ip) resolved.push({ address, family: ip.family });
  }
  if (resolved.length === 0) throw new Error(`${target.url.hostname} resolved to no usable address`);
  return resolved;
}

/**
 * A lookup for net.connect that answers the already-checked addresses whatever name it is asked about, so the
 * socket goes where the guard looked. With autoSelectFamily (Node's default) it is asked for all addresses.
 */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
    if (usable.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`no checked IPv${wanted} address`);
      error.code = 'ENOTFOUND';
      callback(error, '');
      return;
    }
    if (options.all) callback(null, usable);
    else callback(null, usable[0].address, usable[0].family);
  };
}

/** Sends the request over a fresh connection and settles with the answer's status once its body is read (or capped). */
function exchange(
  target: Target,
  addresses: ResolvedAddress[],
  request: OutboundRequest,
  deadline: Deadline,
): Promise<number> {
  const { url } = target;
  const body = request.body ?? null;
  const headers = outgoingHeaders(request.headers ?? {}, body);
  const isName = parseIp(target.hostname) === null;
  const options: https.RequestOptions = {
    method: request.method,
    protocol: url.protocol,
    // The original name stays the Host header and the TLS server name; only the connection is pinned.
    hostname: target.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    headers,
    // No pooling: a pooled socket would skip the lookup and could outlive the address check that opened it.
    agent: false,
    lookup: pinnedLookup(addresses),
    ...(url.username || url.password
      ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }
      : {}),
    ...(url.protocol === 'https:' && isName ? { servername: target.hostname } : {}),
  };

  return new Promise<number>((resolve, reject) => {
    const outgoing = url.protocol === 'https:' ? https.request(options) : http.request(options);
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
      // Nothing more is wanted from this connection (the rest of the body included).
      outgoing.destroy();
    };
    deadline.onExpire((error) => settle(() => reject(error)));

    outgoing.on('error', (error) => settle(() => reject(error)));
    outgoing.on('response', (answer) => {
      const statusCode = answer.statusCode ?? 0;
      let received = 0;
      answer.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= MAX_ANSWER_BYTES) settle(() => resolve(statusCode));
      });
      answer.on('end', () => settle(() => resolve(statusCode)));
      answer.on('error', (error) => settle(() => reject(error)));
      answer.on('close', () =>
        settle(() => reject(new Error(`connection to ${target.origin} closed before the answer was complete`))),
      );
    });
    outgoing.end(body ?? undefined);
  });
}

/** The caller's headers plus ours: a User-Agent unless given, and an exact Content-Length for the body sent. */
function outgoingHeaders(given: Record<string, string>, body: string | null): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const lower = name.toLowerCase();
    // Framing is ours to state: a caller's value could contradict the body actually sent.
    if (lower === 'content-length' || lower === 'transfer-encoding') continue;
    headers[name] = value;
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) headers['User-Agent'] = USER_AGENT;
  headers['Content-Length'] = String(body === null ? 0 : Buffer.byteLength(body));
  return headers;
}

/** One time bound over the whole call: DNS, connect, answer headers and body. */
class Deadline {
  private readonly error: Error;
  private readonly timer: NodeJS.Timeout;
  private expired = false;
  private readonly listeners: ((error: Error) => void)[] = [];

  constructor(timeoutMs: number) {
    this.error = new Error(`outbound call timed out after ${timeoutMs} ms`);
    this.timer = setTimeout(() => {
      this.expired = true;
      for (const listener of this.listeners) listener(this.error);
    }, timeoutMs);
  }

  onExpire(listener: (error: Error) => void): void {
    if (this.expired) listener(this.error);
    else this.listeners.push(listener);
  }

  /** The promise's outcome, or the timeout error if the deadline passes first. */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.onExpire(reject);
      work.then(resolve, reject);
    });
  }

  clear(): void {
    clearTimeout(this.timer);
    this.listeners.length = 0;
  }
}
