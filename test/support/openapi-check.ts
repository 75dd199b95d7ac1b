import { appendFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import jestOpenAPI from 'jest-openapi';
import type { Response } from 'superagent';

/** The paths the OpenAPI document describes (the API, the partner calls, health); pages and /docs are for people. */
const DOCUMENTED = /^\/(api\/|integrations\/|health$)/;

/**
 * Every API response an e2e test receives is checked against the app's own OpenAPI document (/docs-json) with
 * jest-openapi: its status must be declared for that operation, and its body must match the declared schema.
 * Mismatches are collected and fail the test file when its app closes (TestApp.close), so no test has to ask.
 */
export class OpenApiCheck {
  readonly mismatches: string[] = [];

  /** The document's path templates as patterns: `/api/v1/reviews/{id}` matches one non-empty segment for `{id}`. */
  private readonly paths: RegExp[];

  constructor(document: { paths: Record<string, unknown> }) {
    this.paths = Object.keys(document.paths).map(
      (template) => new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    );
    // A CommonJS module: its function is the default export's `default`.
    jestOpenAPI.default(document as Parameters<typeof jestOpenAPI.default>[0]);
  }

  check(response: Response): void {
    const { method, path } = (response as unknown as { req: { method: string; path: string } }).req;
    const pathname = path.split('?')[0];
    if (!DOCUMENTED.test(pathname)) return;
    try {
      if (isDecodable(pathname) && this.paths.some((p) => p.test(pathname))) expect(response).toSatisfyApiSpec();
      // A path that is no operation's (an empty id: `/reviews//release`) or not valid percent-encoding (the bad-input
      // tests send both) can only be refused, and its answer must still be a problem.
      else expect(response.body).toSatisfySchemaInApiSpec('ProblemDetails');
    } catch (err) {
      const message = `${method} ${pathname} → ${response.status}: ${stripVTControlCharacters((err as Error).message)}`;
      this.mismatches.push(message);
      // Lets a run over the whole suite list every mismatch in one place.
      if (process.env.OPENAPI_MISMATCH_LOG)
        appendFileSync(process.env.OPENAPI_MISMATCH_LOG, `${JSON.stringify(message)}\n`);
    }
  }

  /** Throws the mismatches seen so far, once. */
  assertNone(): void {
    if (this.mismatches.length === 0) return;
    const seen = this.mismatches.splice(0);
    throw new Error(
      `${seen.length} response(s) did not match the OpenAPI document (/docs-json):\n\n${seen.slice(0, 10).join('\n\n')}` +
        (seen.length > 10 ? `\n\n… and ${seen.length - 10} more` : ''),
    );
  }
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
