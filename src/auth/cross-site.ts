import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Methods that change nothing: they need no CSRF token. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';
/** The hidden field of page forms that post (e.g. sign out). */
export const CSRF_FIELD = '_csrf';

/**
 * The page's CSRF token: an HMAC of the session id under the service's secret. Bound to the session (a token
 * from another session, or from before a logout, is worthless) and needs no storage.
 */
export const csrfTokenFor = (secret: string, sessionId: string): string =>
  createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');

export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether the request's Origin is this service: the configured PUBLIC_BASE_URL, or the origin the request itself
 * was addressed to (scheme and Host; behind a trusted proxy, its X-Forwarded-Proto/Host). A browser always sends
 * the true Origin of the page that made a cross-site request, so a page elsewhere never passes; a missing or
 * opaque ("null") Origin does not pass either.
 */
export function isSameOrigin(request: FastifyRequest, publicBaseUrl: string): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  const allowed = new Set([new URL(publicBaseUrl).origin]);
  try {
    allowed.add(new URL(`${request.protocol}://${request.host}`).origin);
  } catch {
    // A Host header that is no host: only PUBLIC_BASE_URL counts.
  }
  try {
    return allowed.has(new URL(origin).origin);
  } catch {
    return false;
  }
}

/** Bodies an HTML form on another site can send without the browser asking first (CORS "simple" requests). */
const FORM_BODY = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\s*(;|$)/i;

/** JSON API paths: they take JSON (and the bulk invitations CSV), never what a cross-site form posts. */
const JSON_API_PATH = /^\/(api|integrations)\//;

export const isFormBodyOnJsonApi = (request: FastifyRequest): boolean =>
  JSON_API_PATH.test(request.url) &&
  typeof request.headers['content-type'] === 'string' &&
  FORM_BODY.test(request.headers['content-type']);
