import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { getMetadataStorage } from 'class-validator';
import {
  assessmentBody,
  createAssessment,
  createPublishedAssessment,
  createSubmission,
  inviteCandidate,
} from './factories/assessment.factory.js';
import { QUOTED_PASSAGE } from './factories/submission.factory.js';
import { createStaff } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Property-based bad input: for every operation of the OpenAPI document, hostile bodies, query strings and
 * path values sent with every credential that may call it. Never a 5xx; every 4xx is problem+json (400s with
 * errors[] whose messages never say "undefined"); a 4xx leaves the stored data as it was.
 * Fixed seed and bounded runs (README, "Bad input"): a failure prints the seed and path to replay it.
 */
// BAD_INPUT_SEED and BAD_INPUT_RUNS explore beyond the fixed run (npm test uses the defaults).
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20_261_111);
/** Generated requests per operation, shared by the credentials that may call it (each gets at least MIN_RUNS). */
const RUNS_PER_OPERATION = Number(process.env.BAD_INPUT_RUNS ?? 48);
const MIN_RUNS = 16;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Operation {
  method: Method;
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Name of the request body schema, when the operation takes a JSON body. */
  bodySchema?: string;
  isPublic: boolean;
}

interface Credential {
  name: string;
  headers: Record<string, string>;
}

interface HostileRequest {
  pathValues: string[];
  query: string;
  /** Raw body text and its content type; undefined for GET. */
  body?: { text: string; contentType: string | null };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values.

/** JSON numbers JSON.stringify cannot write (they parse to Infinity, 0 or lose precision): spliced in as raw text. */
const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '-0.0e0'];
const rawToken = (raw: string): string => `\u0001raw:${raw}\u0001`;
const serialize = (value: Json): string => JSON.stringify(value).replace(/"\\u0001raw:([^\\]+)\\u0001"/g, '$1');

/** Nothing we generate reads "undefined", so a message that does comes from the service, not from our input. */
const clean = (s: string): boolean => !s.toLowerCase().includes('undefined');

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const hostileChar = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 6 },
  {
    arbitrary: fc.constantFrom('\u0000', '\u200b', '\ufeff', '\u202e', '\r', '\n', '"', '\\', '%', '\u{1F600}'),
    weight: 2,
  },
  { arbitrary: loneSurrogate, weight: 2 },
);
const hostileText = fc.string({ unit: hostileChar, maxLength: 24 }).filter(clean);
const hugeText = fc.constantFrom(100_001, 250_000, 1_100_000).map((n) => 'x'.repeat(n));
const nested = (depth: number, leaf: Json): Json => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

const leafValue: fc.Arbitrary<Json> = fc.oneof(
  {
    arbitrary: fc.constantFrom<Json>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53 + 2,
      1e308,
      -1e308,
      5e-324,
    ),
    weight: 4,
  },
  { arbitrary: fc.constantFrom(...RAW_NUMBERS).map(rawToken), weight: 1 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  {
    arbitrary: fc.constantFrom<Json>(
      '',
      ' ',
      '   ',
      '\t\n',
      'x',
      '0',
      '-1',
      'true',
      'null',
      'NaN',
      '1e400',
      '00000000-0000-0000-0000-000000000000',
      'a@b',
      '<b>x</b>',
      "' OR 1=1 --",
      '../../etc/passwd',
      '%00',
      '{{name}}',
      'x'.repeat(201),
    ),
    weight: 4,
  },
  { arbitrary: hostileText, weight: 5 },
  { arbitrary: fc.tuple(fc.string({ maxLength: 8 }), loneSurrogate).map(([a, b]) => a + b), weight: 2 },
  { arbitrary: fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`), weight: 2 },
  { arbitrary: hugeText, weight: 1 },
);

/** Known and unknown keys, including the ones that poison prototypes. */
const unknownKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '',
    ' ',
    'a.b',
    '[0]',
    '$where',
    'x'.repeat(300),
    'extra',
    'id',
    'status',
  ),
  hostileText,
);

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: leafValue, weight: 8 },
  { arbitrary: fc.array(leafValue, { maxLength: 3 }), weight: 2 },
  { arbitrary: fc.dictionary(unknownKey, leafValue, { maxKeys: 3 }), weight: 2 },
  { arbitrary: fc.constantFrom<Json>([[]], [{}], [null], {}, [], [[{}]]), weight: 2 },
  {
    arbitrary: fc.tuple(fc.integer({ min: 20, max: 40 }), leafValue).map(([depth, leaf]) => nested(depth, leaf)),
    weight: 1,
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Bodies: mutations of a valid example (reaching the deep validators), or hostile as a whole.

type Step = string | number;

function nodePaths(value: Json, at: Step[] = []): Step[][] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => nodePaths(v, [...at, i]))];
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => nodePaths(v, [...at, k]))];
  return here;
}

function objectPaths(value: Json): Step[][] {
  return nodePaths(value).filter((p) => {
    const node = getAt(value, p);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
}

function getAt(value: Json, path: Step[]): Json {
  return path.reduce<Json>((node, step) => (node as Record<Step, Json>)[step], value);
}

/** A copy of `value` with the node at `path` replaced by `edit(node)`. */
function editAt(value: Json, path: Step[], edit: (node: Json) => Json | undefined): Json {
  const copy = structuredClone(value);
  if (path.length === 0) return edit(copy) ?? null;
  const parent = getAt(copy, path.slice(0, -1)) as Record<Step, Json>;
  const last = path[path.length - 1];
  const next = edit(parent[last]);
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (last === '__proto__') {
    Object.defineProperty(parent, last, { value: next, enumerable: true, writable: true, configurable: true });
  } else {
    parent[last] = next;
  }
  return copy;
}

const mutation = fc.record({
  kind: fc.constantFrom(
    'replace',
    'replace',
    'replace',
    'add-key',
    'remove',
    'wrap-in-array',
    'unwrap',
    'two-replacements',
  ),
  target: fc.nat(),
  other: fc.nat(),
  key: unknownKey,
  value: hostileValue,
  second: hostileValue,
});

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(example: Json, m: Mutation): Json {
  const paths = nodePaths(example);
  const target = paths[m.target % paths.length];
  switch (m.kind) {
    case 'add-key': {
      const objects = objectPaths(example);
      if (objects.length === 0) return m.value;
      const at = objects[m.target % objects.length];
      return editAt(example, at, (node) => {
        const copy = { ...(node as Record<string, Json>) };
        Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        return copy;
      });
    }
    case 'remove':
      return target.length === 0 ? m.value : editAt(example, target, () => undefined);
    case 'wrap-in-array':
      return editAt(example, target, (node) => [node]);
    case 'unwrap':
      return editAt(example, target, (node) => (Array.isArray(node) ? (node[0] ?? m.value) : m.value));
    case 'two-replacements': {
      const once = editAt(example, target, () => m.value);
      const again = nodePaths(once);
      return editAt(once, again[m.other % again.length], () => m.second);
    }
    default:
      return editAt(example, target, () => m.value);
  }
}

// ---------------------------------------------------------------------------------------------------------------

const CONTENT_TYPES: fc.Arbitrary<string | null> = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 20 },
  {
    arbitrary: fc.constantFrom<string | null>(
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/problem+json',
      'application/json; charset=utf-16',
      'application/octet-stream',
      'application/xml',
      'multipart/form-data; boundary=x',
    ),
    weight: 3,
  },
);

const QUERY_KEYS = [
  'from',
  'to',
  'assessmentId',
  'reviewerId',
  'status',
  'partner_interview_id',
  'id',
  'entity',
  'actor',
  'next',
  'sent',
];

/** Percent-encodes text as UTF-8; a lone surrogate becomes its 3-byte form, which is not valid UTF-8 (as a client may send). */
function encodeUrl(text: string): string {
  return text.replace(/[\s\S]/gu, (ch) => {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    }
    return encodeURIComponent(ch);
  });
}

/** Values as they appear in a URL: encoded hostile text, or raw malformed escapes. */
const urlValue = fc.oneof(
  {
    arbitrary: fc
      .oneof(
        hostileText,
        fc.constantFrom('', ' ', 'x', '-1', '1e400', 'null', '2026-13-45', '2026-01-01T00:00:00Z', randomUUID()),
      )
      .map(encodeUrl),
    weight: 6,
  },
  {
    arbitrary: fc.constantFrom(
      '%00',
      '%zz',
      '%',
      '%E0%A4%A',
      '%ED%A0%80',
      '%C0%AF',
      'a%00b',
      'x'.repeat(4000),
      '%F0%9F%98',
      '..',
      '%2e%2e',
      '%2F',
    ),
    weight: 3,
  },
);

/** Query strings over the operation's own parameters and others: arrays, objects, repeats, hostile values. */
function queryString(documented: string[] = []): fc.Arbitrary<string> {
  const keys = fc.constantFrom(...new Set([...documented, ...QUERY_KEYS]));
  return fc
    .array(
      fc.tuple(
        fc.oneof(
          keys,
          keys.map((k) => `${k}[]`),
          keys.map((k) => `${k}[a]`),
          urlValue,
        ),
        urlValue,
      ),
      { maxLength: 4 },
    )
    .map((pairs) => (pairs.length === 0 ? '' : '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&')));
}

/** Rows of the tables a bad request must not change, hashed (volatile bookkeeping columns left out). */
const CHECKED_TABLES = [
  'assessments',
  'assessment_versions',
  'invitations',
  'answers',
  'reviews',
  'feedback',
  'users',
  'integration_keys',
  'extensions',
  'integration_links',
];
const VOLATILE_COLUMNS = ['last_used_at', 'last_seen_at'];
/** How many tests share the operations (by index), so a slow machine stretches none past its timeout. */
const SHARDS = 6;

describe('bad input, generated for every operation (property-based)', () => {
  let t: TestApp;
  let operations: Operation[];
  let credentials: Credential[];
  let examples: Record<string, Json>;
  let realPathValues: (op: Operation, param: string) => string[];
  let checksumSql: string;

  const checksum = async (): Promise<string> => (await t.dataSource.query<{ sum: string }[]>(checksumSql))[0].sum;

  const send = async (op: Operation, credential: Credential, req: HostileRequest): Promise<Answer> => {
    let i = 0;
    const url = op.path.replace(/\{[^}]+\}/g, () => req.pathValues[i++] ?? 'x') + req.query;
    let call = t.http()[op.method](url).set(credential.headers);
    if (req.body !== undefined) {
      if (req.body.contentType !== null) call = call.set('content-type', req.body.contentType);
      call = call.send(req.body.text);
    }
    const res = await call;
    return { status: res.status, headers: res.headers, text: res.text };
  };

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    const admin = await createStaff(t, 'admin');
    const recruiter = await createStaff(t, 'recruiter');
    const reviewer = await createStaff(t, 'reviewer');
    // Targets a lucky valid request may change without harming the callers above.
    const bystander = await createStaff(t, 'recruiter');
    const published = await createPublishedAssessment(t, recruiter);
    const draft = await createAssessment(t, recruiter);
    const started = await inviteCandidate(t, recruiter, published.id);
    await t.http().post('/api/v1/candidate/attempt/start').set(started.candidateAuth).expect(200);
    const submitted = await createSubmission(t, recruiter, published.id);
    const review = (await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200)).body as { id: string };
    const key = async (name: string, provider: string) =>
      (await t.http().post('/api/v1/integrations/keys').set(admin.auth).send({ name, provider }).expect(201)).body as {
        id: string;
        key: string;
      };
    const greenhouse = await key('Greenhouse', 'greenhouse');
    const ashby = await key('Ashby', 'ashby');
    const spareKey = await key('Spare', 'greenhouse');
    const basic = (k: string) => ({ Authorization: `Basic ${Buffer.from(`${k}:`).toString('base64')}` });

    credentials = [
      { name: 'anonymous', headers: {} },
      { name: 'admin', headers: admin.auth },
      { name: 'recruiter', headers: recruiter.auth },
      { name: 'reviewer', headers: reviewer.auth },
      { name: 'candidate (started)', headers: started.candidateAuth },
      { name: 'candidate (submitted)', headers: submitted.candidateAuth },
      { name: 'greenhouse key', headers: basic(greenhouse.key) },
      { name: 'ashby key', headers: basic(ashby.key) },
    ];

    const realIds: [RegExp, string[]][] = [
      [/^\/api\/v1\/assessments\/\{/, [published.id, draft.id]],
      [/^\/api\/v1\/invitations\/\{/, [started.invitation.id]],
      [/^\/api\/v1\/reviews\/\{/, [review.id]],
      [/^\/api\/v1\/integrations\/keys\/\{/, [spareKey.id]],
      [/^\/api\/v1\/users\/\{/, [bystander.id]],
    ];
    realPathValues = (op, param) =>
      param === 'questionKey'
        ? ['design', 'code', 'choice', 'missing']
        : (realIds.find(([pattern]) => pattern.test(op.path))?.[1] ?? [randomUUID()]);

    // Valid bodies by schema name: mutating one of their nodes reaches the validators (and services) behind the
    // first field. Schemas without an example get one from their field names.
    const invitationRow = { candidateName: 'Ada Lovelace', candidateEmail: 'ada@example.test', extraMinutes: 10 };
    examples = {
      LoginDto: { email: admin.email, password: 'wrong-password-123' },
      CreateUserDto: {
        email: 'new-user@candor.test',
        name: 'New User',
        role: 'reviewer',
        password: 'a-long-enough-password',
      },
      UpdateUserDto: { name: 'Renamed', role: 'recruiter', active: true },
      CreateAssessmentDto: assessmentBody() as unknown as Json,
      UpdateAssessmentDto: assessmentBody() as unknown as Json,
      CreateInvitationDto: invitationRow,
      BulkInvitationsDto: { invitations: [invitationRow, { ...invitationRow, candidateEmail: 'grace@example.test' }] },
      ExtendInvitationDto: { minutes: 10, reason: 'Slow connection' },
      SaveAnswerDto: { value: 'An answer that explains the trade-offs.' },
      CandidateRatingDto: { stage: 'after_submit', length: 3, learning: 4, comment: 'Clear questions.' },
      FeedbackDto: {
        decision: 'advance',
        scores: { correctness: 4, clarity: 3 },
        criteria: { correctness: 'Handles the retry edge cases well.', clarity: 'Readable, with small functions.' },
        summary: 'A careful answer that explains why each step is safe to retry and what it costs.',
        strengths: 'Idempotency keys are used consistently, and the failure cases are named one by one.',
        improvements: 'Say how the job recovers after a crash between the payout and the ledger update.',
        comments: [
          {
            questionKey: 'design',
            quote: { exact: QUOTED_PASSAGE.slice(0, 20), prefix: '', suffix: '' },
            text: 'This is the key insight of the answer.',
          },
        ],
      },
      CreateIntegrationKeyDto: { name: 'ATS', provider: 'greenhouse' },
      GreenhouseSendTestDto: {
        partner_test_id: published.id,
        candidate: {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email: 'ada@example.test',
          greenhouse_profile_url: 'https://app.greenhouse.io/people/1',
          resume_url: null,
          phone_number: null,
        },
        url: 'https://app.greenhouse.io/hooks/1',
      },
      GreenhouseRequestErrorDto: {
        api_call: 'send_test',
        errors: ['Bad candidate'],
        partner_test_id: published.id,
        partner_interview_id: started.invitation.id,
        candidate_email: 'ada@example.test',
      },
      AshbyStartDto: {
        assessment_type_id: published.id,
        candidate: {
          ashby_id: 'c1',
          first_name: 'Grace',
          last_name: 'Hopper',
          email: 'grace@example.test',
          ashby_profile_url: 'https://app.ashbyhq.com/candidates/c1',
        },
        application: { ashby_id: 'app-1', status: 'Active' },
        job: { ashby_id: 'j1', name: 'Backend Engineer', ashby_job_url: 'https://app.ashbyhq.com/jobs/j1' },
      },
      AshbyCancelDto: { assessment_id: randomUUID() },
      CreateWebhookDto: { url: 'https://hooks.example.test/candor', events: ['feedback.sent'] },
      CreateErasureDto: { candidateEmail: 'ada@example.test', reason: 'Asked to be forgotten.' },
    };

    const docs = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { in: string; name: string }[];
            requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
            security?: unknown[];
          }
        >
      >;
      components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
    };
    operations = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method as Method,
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodySchema: op.requestBody?.content?.['application/json']?.schema?.$ref?.split('/').pop(),
        isPublic: op.security === undefined || op.security.length === 0,
      })),
    );
    for (const op of operations) {
      if (op.bodySchema !== undefined && examples[op.bodySchema] === undefined) {
        examples[op.bodySchema] = Object.fromEntries(
          fieldNames(op.bodySchema, docs.components?.schemas ?? {}).map((name) => [name, 'x']),
        );
      }
    }

    const tables = (
      await t.dataSource.query<
        {
          table_name: string;
        }[]
      >(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)`, [
        CHECKED_TABLES,
      ])
    ).map((r) => r.table_name);
    const strip = VOLATILE_COLUMNS.map((c) => ` - '${c}'`).join('');
    checksumSql = `SELECT md5(${tables
      .map(
        (table) =>
          `coalesce((SELECT string_agg(md5((to_jsonb(r)${strip})::text), ',' ORDER BY md5((to_jsonb(r)${strip})::text)) FROM ${table} r), '')`,
      )
      .join(" || '|' || ")}) AS sum`;
  });
  afterAll(() => t.close());

  it('should find the whole API in the OpenAPI document', () => {
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'post /api/v1/auth/login',
        'post /api/v1/assessments',
        'patch /api/v1/assessments/{id}',
        'post /api/v1/candidate/attempt/start',
        'put /api/v1/candidate/attempt/answers/{questionKey}',
        'put /api/v1/reviews/{id}/draft',
        'get /api/v1/metrics/turnaround',
        'post /integrations/greenhouse/send_test',
        'post /integrations/ashby/assessment.start',
      ]),
    );
  });

  // The operations in shards, each test with its own time budget: one test for all of them came close to its
  // timeout beside other test files as the API grew.
  it.each(Array.from({ length: SHARDS }, (_, shard) => shard))(
    'should never answer 5xx, always problem+json, and change nothing when input is hostile (operations of shard %i)',
    async (shard) => {
      const failures: string[] = [];
      for (const [index, op] of operations.entries()) {
        if (index % SHARDS !== shard) continue;
        const callers = await callersOf(op);
        const runs = Math.max(MIN_RUNS, Math.ceil(RUNS_PER_OPERATION / Math.max(1, callers.length)));
        for (const credential of callers) {
          let before = await checksum();
          const result = await fc.check(
            fc.asyncProperty(requestsFor(op), async (req) => {
              const res = await send(op, credential, req);
              const problem = problemWith(res);
              if (problem !== null) return failNote(problem, op, credential, req, res);
              if (res.status >= 400) {
                const after = await checksum();
                if (after !== before) return failNote('a 4xx changed stored data', op, credential, req, res);
              } else {
                before = await checksum();
              }
            }),
            { seed: SEED + index, numRuns: runs },
          );
          if (result.failed) {
            failures.push(
              `${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)} (seed ${result.seed}, path "${result.counterexamplePath}")`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
      // About 2 400 requests in all: some 15 s alone, more beside other test files on two cores.
    },
    180_000,
  );

  /** The credentials that pass authentication and the role check: a probe body no endpoint accepts tells. */
  async function callersOf(op: Operation): Promise<Credential[]> {
    const candidates = op.isPublic
      ? credentials.filter((c) => c.name === 'anonymous')
      : credentials.filter((c) => c.name !== 'anonymous');
    const callers: Credential[] = [];
    for (const credential of candidates) {
      const probe: HostileRequest = {
        pathValues: op.pathParams.map(() => 'probe'),
        query: '',
        body: op.method === 'get' ? undefined : { text: '{"probe":true}', contentType: 'application/json' },
      };
      const res = await send(op, credential, probe);
      if (res.status !== 401 && res.status !== 403) callers.push(credential);
    }
    return callers;
  }

  function requestsFor(op: Operation): fc.Arbitrary<HostileRequest> {
    const pathValue = (param: string) =>
      fc.oneof(
        { arbitrary: fc.constantFrom(...realPathValues(op, param)), weight: 3 },
        { arbitrary: urlValue, weight: 2 },
      );
    const paths = fc.tuple(...op.pathParams.map(pathValue));
    if (op.method === 'get') return fc.record({ pathValues: paths, query: queryString(op.queryParams) });
    const example = op.bodySchema === undefined ? undefined : examples[op.bodySchema];
    const jsonBody: fc.Arbitrary<Json> =
      example === undefined
        ? // Takes no body: anything but nothing is refused (an empty object is what Ashby sends to its list).
          hostileValue.filter(
            (v) =>
              v !== null && v !== '' && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
          )
        : fc.oneof(
            { arbitrary: mutation.map((m) => mutate(example, m)), weight: 5 },
            { arbitrary: hostileValue, weight: 1 },
          );
    const body = fc.oneof(
      {
        arbitrary: fc.record({
          text: jsonBody.map(serialize),
          contentType: fc.constant<string | null>('application/json'),
        }),
        weight: 8,
      },
      {
        arbitrary: fc.record({
          text: fc.oneof(
            jsonBody.map(serialize),
            queryString().map((q) => q.slice(1) || 'a=%00'),
            fc.constantFrom('{"a":', '['.repeat(100_000), '\u0000', 'not json'),
          ),
          contentType: CONTENT_TYPES,
        }),
        weight: 2,
      },
    );
    // A request without a body at all could succeed on a body-less endpoint (logout, withdraw): always send one.
    return fc.record({
      pathValues: paths,
      query: fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: queryString(op.queryParams), weight: 1 }),
      body,
    });
  }
});

/** What is wrong with an answer, or null when it is acceptable. */
function problemWith(res: Answer): string | null {
  if (res.status >= 500) return `${res.status}`;
  if (res.status < 400) return null;
  if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? ''))
    return `${res.status} as ${res.headers['content-type']}`;
  let body: { type?: unknown; title?: unknown; status?: unknown; detail?: unknown; errors?: unknown };
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    return `${res.status} with a body that is not JSON`;
  }
  if (
    typeof body.type !== 'string' ||
    typeof body.title !== 'string' ||
    body.status !== res.status ||
    typeof body.detail !== 'string'
  ) {
    return `${res.status} without type, title, status and detail`;
  }
  if (res.status === 400) {
    const errors = body.errors;
    if (!Array.isArray(errors) || errors.length === 0) return '400 without errors[]';
    for (const e of errors as { field?: unknown; message?: unknown }[]) {
      if (typeof e.field !== 'string' || typeof e.message !== 'string')
        return '400 with an error that is not {field, message}';
      if (e.message.includes('undefined')) return `400 whose message reads "${e.message.slice(0, 200)}"`;
    }
  }
  return null;
}

function failNote(what: string, op: Operation, credential: Credential, req: HostileRequest, res: Answer): never {
  const body =
    req.body === undefined
      ? ''
      : ` ${req.body.contentType ?? '(no content type)'} ${req.body.text.slice(0, 300)}${req.body.text.length > 300 ? '…' : ''}`;
  throw new Error(
    `${op.method.toUpperCase()} ${op.path} as ${credential.name} [${req.pathValues.join(', ')}]${req.query.slice(0, 200)}${body} -> ${what}: ${res.text.slice(0, 300)}`,
  );
}

/**
 * Field names of a body schema. In-process the swagger CLI plugin (nest-cli.json) does not run, so schemas of
 * DTOs without @ApiProperty are empty here: then the names come from the validation rules of the class of that name.
 */
function fieldNames(schema: string, schemas: Record<string, { properties?: Record<string, unknown> }>): string[] {
  const documented = Object.keys(schemas[schema]?.properties ?? {});
  if (documented.length > 0) return documented;
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<{ name: string }, { propertyName: string }[]>;
  };
  for (const [target, rules] of storage.validationMetadatas) {
    if (target.name === schema) return [...new Set(rules.map((r) => r.propertyName))];
  }
  return [];
}
