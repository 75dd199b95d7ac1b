/**
 * A typed Candor client in a few lines: openapi-fetch with the types generated from the OpenAPI document
 * (candor-api.d.ts). `npm run typecheck` compiles this file, so a change to the API that breaks a client breaks
 * the build. Paths, bodies and answers are all checked: a typo in a field name does not compile.
 */
import createClient from 'openapi-fetch';
import type { paths } from './candor-api.js';

export async function inviteAndFollow(baseUrl: string, email: string, password: string): Promise<void> {
  const api = createClient<paths>({ baseUrl });
  const { data: session, error } = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (error) throw new Error(`${error.title}: ${error.detail}`);
  const headers = { Authorization: `Bearer ${session.accessToken}` };

  const { data: assessments } = await api.GET('/api/v1/assessments', { headers });
  for (const assessment of assessments ?? []) console.log(assessment.title);
}
