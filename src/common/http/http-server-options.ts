import { type Server } from 'node:http';
import { type FastifyHttpOptions } from 'fastify';
import { type EnvironmentVariables } from '../../config/env.validation.js';
import { frameworkErrorOptions } from './framework-errors.js';

const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * The HTTP server's own limits, fixed when the adapter is created (before the Nest container exists, so from
 * the validated environment, not AppConfig). Shared by main.ts and the e2e tests.
 * - Timeouts: a client that trickles its request, or never finishes it, is cut off instead of holding a socket.
 * - Errors Fastify answers before any route (414, 431, a malformed URL, a timeout) are problem+json too.
 * - Proxies: `X-Forwarded-For` is believed only from the addresses in TRUST_PROXY; by default from none, so a
 *   client cannot choose the address its login attempts are counted under.
 */
export function httpServerOptions(env: EnvironmentVariables): FastifyHttpOptions<Server> {
  const trusted = env.TRUST_PROXY.split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return {
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trusted.length > 0 ? trusted : false,
    requestTimeout: env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
    connectionTimeout: env.HTTP_CONNECTION_TIMEOUT_SECONDS * 1000,
    keepAliveTimeout: 5_000,
    ...frameworkErrorOptions(),
    // Node 20 reads the request timeout only when the server is created (Fastify sets it afterwards, too late)
    // and checks it only every connectionsCheckingInterval (30 s by default).
    http: {
      requestTimeout: env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      headersTimeout: Math.min(env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000, 60_000),
      connectionsCheckingInterval: 1_000,
    },
  };
}
