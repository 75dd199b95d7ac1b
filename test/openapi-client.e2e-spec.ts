import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { createTestApp, type TestApp } from './support/test-app.js';

const CLIENT_TYPES = join(process.cwd(), 'client', 'candor-api.d.ts');
const HEADER =
  '// Generated from the OpenAPI document (/docs-json) by openapi-typescript: do not edit.\n' +
  '// Regenerate with `npm run openapi:client`; test/openapi-client.e2e-spec.ts fails when it is stale.\n\n';

/**
 * The typed client's types (client/candor-api.d.ts, used by client/example.ts, which `npm run typecheck` compiles)
 * are generated from the document the service serves, and must be current. `npm run openapi:client` rewrites them
 * (never under CI=true, where a stale file fails).
 */
describe('the typed API client', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
  });
  afterAll(() => t.close());

  it('should be generated from the current OpenAPI document when the document changes', async () => {
    const document = (await t.http().get('/docs-json').expect(200)).body as OpenAPI3;
    const generated = HEADER + astToString(await openapiTS(document));
    if (process.env.UPDATE_OPENAPI_CLIENT === '1' && process.env.CI !== 'true') writeFileSync(CLIENT_TYPES, generated);
    expect(readFileSync(CLIENT_TYPES, 'utf8')).toBe(generated);
  });
});
