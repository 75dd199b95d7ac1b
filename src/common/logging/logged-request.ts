/** A request as the logs show it: no headers, no query string, no body. */
export interface LoggedRequest {
  id: string;
  method: string;
  url: string;
}

/** The path alone (query strings carry tokens and filters), with a candidate link's secret replaced. */
export function loggedPath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path.replace(/^\/t\/[^/]+/, '/t/[token]');
}

/** What pino-std-serializers makes of a request (its `url` is the original URL, query string included). */
interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
}

export function toLoggedRequest(req: SerializedRequest): LoggedRequest {
  return {
    id: typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '',
    method: req.method ?? '',
    url: loggedPath(req.url ?? ''),
  };
}
