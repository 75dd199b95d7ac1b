/**
 * Overload is an answer, not an error: when the database pool has no connection to give within its wait
 * (pg-pool's connectionTimeoutMillis) or PostgreSQL refuses connections, the request is answered 503 with
 * Retry-After instead of 500. Every candidate call is safe to repeat (start, save and submit are idempotent).
 */
export const OVERLOAD_RETRY_AFTER_SECONDS = 2;

/** PostgreSQL's too_many_connections and cannot_connect_now. */
const OVERLOAD_SQLSTATES = new Set(['53300', '57P03']);
/** What pg-pool and pg say when no connection came in time. */
const OVERLOAD_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

export function isOverload(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, driverError } = error as Error & { code?: unknown; driverError?: { code?: unknown } };
  if (typeof code === 'string' && OVERLOAD_SQLSTATES.has(code)) return true;
  if (typeof driverError?.code === 'string' && OVERLOAD_SQLSTATES.has(driverError.code)) return true;
  return OVERLOAD_MESSAGES.some((m) => error.message.includes(m));
}
