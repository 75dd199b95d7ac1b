/**
 * The autosave baseline of `npm run bench` (bench/exam-day.bench.ts): the least a correct save can do, as a bare
 * Fastify + pg server on the service's own tables. The same route and checks as the service's
 * PUT /api/v1/candidate/attempt/answers/:questionKey: the attempt found by its token's hash, the question looked up
 * in its version (cached, as the service does), then one statement that share-locks the invitation's row (so a
 * save never lands after a submit), checks status and deadline + grace under it and upserts the answer with its
 * revision; when it saved nothing, one read says why. Two round trips, the fewest a correct save needs. No
 * framework around it: what the ratio measures is everything else the service does per save.
 *
 * Run as a process: DATABASE_URL, PORT, ATTEMPT_GRACE_SECONDS (default 30); it answers GET /health once ready.
 */
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { hashCandidateToken } from '../src/invitations/invitation-token.js';

const QUESTION_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_ANSWER_CHARS = 100_000;
/** The service's pool size (src/database/data-source-options.ts), so both wait on connections alike. */
const POOL_SIZE = 20;

const SAVE_SQL = `
  WITH open_attempt AS (
    SELECT id FROM invitations
     WHERE id = $1 AND status = 'started' AND deadline + make_interval(secs => $5) >= $4
     FOR SHARE
  )
  INSERT INTO answers (invitation_id, question_key, value, revision, saved_at)
  SELECT id, $2, $3, 1, $4 FROM open_attempt
  ON CONFLICT (invitation_id, question_key) DO UPDATE SET value = EXCLUDED.value, revision = answers.revision + 1, saved_at = EXCLUDED.saved_at
  RETURNING value, revision, saved_at`;

interface Section {
  kind: string;
  key?: string;
  type?: string;
  options?: string[];
}

export async function startBaselineServer(
  databaseUrl: string,
  port: number,
  graceSeconds: number,
): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  // A version's questions: key -> the options of a choice question, null for text.
  const versions = new Map<string, Map<string, string[] | null>>();
  const questionsOf = async (versionId: string): Promise<Map<string, string[] | null>> => {
    const cached = versions.get(versionId);
    if (cached) return cached;
    const { rows } = await pool.query<{ sections: Section[] }>(
      `SELECT sections FROM assessment_versions WHERE id = $1`,
      [versionId],
    );
    const questions = new Map(
      (rows[0]?.sections ?? [])
        .filter((s) => s.kind === 'question' && s.key)
        .map((s) => [s.key!, s.type === 'choice' ? (s.options ?? []) : null]),
    );
    versions.set(versionId, questions);
    return questions;
  };

  const app = Fastify({ logger: false });
  app.addHook('onClose', () => pool.end());
  app.get('/health', () => ({ status: 'ok' }));
  app.put<{ Params: { questionKey: string }; Body: { value?: unknown } | null }>(
    '/api/v1/candidate/attempt/answers/:questionKey',
    async (request, reply) => {
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!token) return reply.code(401).send({ title: 'Unauthenticated' });
      const { questionKey } = request.params;
      const value = request.body?.value;
      if (!QUESTION_KEY.test(questionKey) || typeof value !== 'string' || value.length > MAX_ANSWER_CHARS)
        return reply.code(400).send({ title: 'Bad request' });
      const found = await pool.query<{ id: string; assessment_version_id: string }>(
        `SELECT id, assessment_version_id FROM invitations WHERE token_hash = $1`,
        [hashCandidateToken(token)],
      );
      const invitation = found.rows[0];
      if (!invitation) return reply.code(401).send({ title: 'Unauthenticated' });
      const questions = await questionsOf(invitation.assessment_version_id);
      const options = questions.get(questionKey);
      if (options === undefined) return reply.code(404).send({ title: 'Question not found' });
      if (options && value !== '' && !options.includes(value)) return reply.code(400).send({ title: 'Bad request' });

      const now = new Date();
      const saved = await pool.query<{ value: string; revision: number; saved_at: Date }>(SAVE_SQL, [
        invitation.id,
        questionKey,
        value,
        now,
        graceSeconds,
      ]);
      const row = saved.rows[0];
      if (row) return { questionKey, value: row.value, savedAt: row.saved_at, revision: row.revision };
      const state = await pool.query<{ status: string; deadline: Date | null }>(
        `SELECT status, deadline FROM invitations WHERE id = $1`,
        [invitation.id],
      );
      const { status, deadline } = state.rows[0];
      if (deadline && now.getTime() > deadline.getTime() + graceSeconds * 1000)
        return reply.code(409).send({ title: 'Deadline passed' });
      return reply.code(409).send({ title: `Not possible while ${status}` });
    },
  );
  await app.listen({ port, host: '127.0.0.1' });
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const app = await startBaselineServer(
    databaseUrl,
    Number(process.env.PORT ?? 3100),
    Number(process.env.ATTEMPT_GRACE_SECONDS ?? 30),
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
}
