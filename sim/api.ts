/**
 * The simulation's only way into the service: HTTP requests injected into the in-process Fastify server
 * (the whole pipeline runs: guards, validation, controllers, error mapping), with a staff or candidate token.
 */
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiResponse<T> {
  status: number;
  body: T;
}

/** An HTTP status the caller did not expect: the simulation stops and says which call it was. */
export class UnexpectedResponse extends Error {
  override readonly name = 'UnexpectedResponse';
}

export class Api {
  /** Requests made, by method: the run's size in the result file. */
  readonly counts: Record<Method, number> = { GET: 0, POST: 0, PUT: 0, PATCH: 0, DELETE: 0 };

  constructor(private readonly app: NestFastifyApplication) {}

  async call<T>(method: Method, url: string, token: string | null, payload?: object): Promise<ApiResponse<T>> {
    this.counts[method] += 1;
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
    const type = String(res.headers['content-type'] ?? '');
    const body = res.body !== '' && type.includes('json') ? (JSON.parse(res.body) as T) : (undefined as T);
    return { status: res.statusCode, body };
  }

  /** A call that must answer one of `expected`; anything else is a bug in the simulation or the service. */
  async expect<T>(
    expected: number | readonly number[],
    method: Method,
    url: string,
    token: string | null,
    payload?: object,
  ): Promise<ApiResponse<T>> {
    const res = await this.call<T>(method, url, token, payload);
    const allowed = typeof expected === 'number' ? [expected] : expected;
    if (!allowed.includes(res.status))
      throw new UnexpectedResponse(
        `${method} ${url} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`,
      );
    return res;
  }
}
