import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../src/config/app-config.js';
import { type JobName, type JobPayloads } from '../src/jobs/job-names.js';
import { erasureEmailHash } from '../src/privacy/erasure-hash.js';
import { createPublishedAssessment, createSubmission, inviteCandidate } from './factories/assessment.factory.js';
import { goodFeedback, QUOTED_PASSAGE, seedAssessment, seedSubmission } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DAY = 24 * 3_600_000;
const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The person erased: every one of these must be gone from the database, the log and the mail files. */
const NAME = 'Ottilie Vanderkamp';
const EMAIL = 'Ottilie.Vanderkamp@Example.test';
const ANSWER_MARK = 'quokka-ledger-5531';
const CODE_MARK = 'capybara-cents-1207';
const RATING_MARK = 'wombat-remark-8812';
const FEEDBACK_RATING_MARK = 'numbat-thanks-2290';
const EXTENSION_MARK = 'kiwi-accommodation-4410';
const NEEDLES = [
  EMAIL.toLowerCase(),
  'ottilie',
  'vanderkamp',
  ANSWER_MARK,
  CODE_MARK,
  RATING_MARK,
  FEEDBACK_RATING_MARK,
  EXTENSION_MARK,
];

describe('privacy: erasure and retention', () => {
  let t: TestApp;
  let admin: StaffSession;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessmentId: string;
  let logFile: string;
  let mailDir: string;
  /** Ottilie's first invitation (feedback sent) and second one (invited, with an extension). */
  const ottilie = { sent: { id: '', token: '', reviewId: '', feedbackToken: '' }, invited: { id: '', token: '' } };
  /** Someone else, whose data must stay. */
  let other: { id: string; name: string };
  let mailIdsOfOttilie: string[];
  let metricsBefore: unknown;
  const window = { from: '', to: '' };

  /** Every text-like column of every table (the queue's tables too) that holds one of the needles. */
  async function columnsHolding(needles: readonly string[]): Promise<string[]> {
    const columns = await t.dataSource.query<{ schema: string; table: string; column: string; type: string }[]>(
      `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column, c.data_type AS type
         FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
        WHERE tb.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea', 'USER-DEFINED')`,
    );
    expect(columns.length).toBeGreaterThan(50);
    const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
    const hits: string[] = [];
    for (const c of columns) {
      const value = c.type === 'bytea' ? `encode(${quote(c.column)}, 'escape')` : `${quote(c.column)}::text`;
      const [row] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ${quote(c.schema)}.${quote(c.table)} WHERE lower(${value}) LIKE ANY($1::text[])`,
        [needles.map((n) => `%${n.toLowerCase()}%`)],
      );
      if (row.n > 0) hits.push(`${c.schema}.${c.table}.${c.column}`);
    }
    return hits;
  }

  /** A mail file as a person would read it: quoted-printable and base64 parts decoded beside the raw text. */
  function decodedMail(file: string): string {
    const raw = readFileSync(file, 'utf8');
    const qp = raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const base64 = [...raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{16,})/g)]
      .map((m) => Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'))
      .join('\n');
    return `${raw}\n${qp}\n${base64}`;
  }

  const mailFilesHolding = (needles: readonly string[]): string[] =>
    readdirSync(mailDir).filter((f) => {
      const text = decodedMail(join(mailDir, f)).toLowerCase();
      return needles.some((n) => text.includes(n.toLowerCase()));
    });

  /** Waits until no mail is waiting: the worker delivered the outbox (to files, with no SMTP_URL). */
  async function outboxDrained(): Promise<void> {
    for (const until = Date.now() + 20_000; ; await sleep(100)) {
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'pending'`,
      );
      if (n === 0) return;
      if (Date.now() > until) throw new Error(`${n} mails still pending`);
    }
  }

  /** Enqueues a job and waits for the worker to finish it; a failed job fails the test with its reason. */
  async function runJob<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<void> {
    await t.jobs.add(name, payload, { jobId, attempts: 1 });
    for (const until = Date.now() + 20_000; ; await sleep(100)) {
      const job = await t.jobs.getJob(jobId);
      const state = await job?.getState();
      if (state === 'completed') return;
      if (state === 'failed') throw new Error(`${name} failed: ${job?.failedReason}`);
      if (Date.now() > until) throw new Error(`${name} still ${state} after 20 s`);
    }
  }

  const erase = (who: StaffSession, body: Record<string, unknown>) =>
    t.http().post('/api/v1/privacy/erasures').set(who.auth).send(body);

  const turnaround = async () =>
    (await t.http().get('/api/v1/metrics/turnaround').query(window).set(recruiter.auth).expect(200)).body as unknown;

  beforeAll(async () => {
    logFile = join(mkdtempSync(join(tmpdir(), 'candor-privacy-log-')), 'service.log');
    t = await createTestApp({
      queue: 'postgres',
      env: { LOG_LEVEL: 'debug', LOG_FILE: logFile, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    mailDir = t.app.get(AppConfig).mail.outboxDir;
    admin = await createStaff(t, 'admin');
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
    window.from = new Date(t.clock.now().getTime() - DAY).toISOString();
    window.to = new Date(t.clock.now().getTime() + 30 * DAY).toISOString();

    // Ottilie writes, submits, rates the test, gets feedback and rates it.
    const first = await inviteCandidate(t, recruiter, assessmentId, { candidateName: NAME, candidateEmail: EMAIL });
    ottilie.sent = { ...ottilie.sent, id: first.invitation.id, token: first.token };
    const started = await t.http().post('/api/v1/candidate/attempt/start').set(first.candidateAuth).expect(200);
    for (const q of started.body.questions as { key: string; type: string; options?: string[] }[]) {
      const value =
        q.type === 'choice'
          ? q.options![0]
          : q.type === 'code'
            ? `sum(${CODE_MARK})`
            : `${QUOTED_PASSAGE} ${ANSWER_MARK}, and retries are safe.`;
      await t
        .http()
        .put(`/api/v1/candidate/attempt/answers/${q.key}`)
        .set(first.candidateAuth)
        .send({ value })
        .expect(200);
    }
    await t.http().post('/api/v1/candidate/attempt/submit').set(first.candidateAuth).expect(200);
    await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(first.candidateAuth)
      .send({ stage: 'after_submit', length: 4, learning: 5, comment: `A fair test, ${RATING_MARK}` })
      .expect(201);

    const second = await createSubmission(t, recruiter, assessmentId);
    other = {
      id: second.invitation.id,
      name: (
        await t.dataSource.query<{ name: string }[]>(`SELECT candidate_name AS name FROM invitations WHERE id = $1`, [
          second.invitation.id,
        ])
      )[0].name,
    };

    // The reviewer drafts (quoting Ottilie's answer with its context) and sends feedback to both.
    for (let i = 0; i < 2; i++) {
      const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
      const mine = claim.body.submissionId === ottilie.sent.id;
      const feedback = goodFeedback(mine ? 'privacy-ottilie' : 'privacy-other');
      if (mine) {
        ottilie.sent.reviewId = claim.body.id;
        const comments = feedback.comments as { quote: Record<string, string> }[];
        comments[0].quote.suffix = ` ${ANSWER_MARK}`;
        await t.http().put(`/api/v1/reviews/${claim.body.id}/draft`).set(reviewer.auth).send(feedback).expect(200);
      }
      await t.http().post(`/api/v1/reviews/${claim.body.id}/complete`).set(reviewer.auth).send(feedback).expect(200);
    }
    expect(ottilie.sent.reviewId).not.toBe('');
    await t
      .http()
      .post('/api/v1/candidate/ratings')
      .set(first.candidateAuth)
      .send({ stage: 'after_feedback', feedbackUsefulness: 5, comment: `Thank you, ${FEEDBACK_RATING_MARK}` })
      .expect(201);

    // A second invitation of the same address (another case), still open, with an extension whose reason names a need.
    const again = await inviteCandidate(t, recruiter, assessmentId, {
      candidateName: NAME,
      candidateEmail: EMAIL.toUpperCase(),
    });
    ottilie.invited = { id: again.invitation.id, token: again.token };
    await t
      .http()
      .post(`/api/v1/invitations/${again.invitation.id}/extensions`)
      .set(recruiter.auth)
      .send({ minutes: 15, reason: `Needs a screen reader (${EXTENSION_MARK})` })
      .expect(200);

    // An ATS's error report about her.
    const key = await t
      .http()
      .post('/api/v1/integrations/keys')
      .set(admin.auth)
      .send({ name: 'Greenhouse', provider: 'greenhouse' })
      .expect(201);
    await t
      .http()
      .post('/integrations/greenhouse/request_errors')
      .set(basic(key.body.key))
      .send({
        api_call: 'test_status',
        errors: [`no profile for ${EMAIL}`],
        partner_interview_id: 'gh-1',
        candidate_email: EMAIL,
      })
      .expect(200);

    await outboxDrained();
    const mails = await t.dataSource.query<{ id: string; dedupe_key: string }[]>(
      `SELECT id, dedupe_key FROM outbox_messages WHERE lower(to_address) = $1`,
      [EMAIL.toLowerCase()],
    );
    mailIdsOfOttilie = mails.map((m) => m.id);
    const feedbackMail = mails.find((m) => m.dedupe_key === `feedback:${ottilie.sent.id}`);
    const link = /\/t\/([A-Za-z0-9_-]{43})/.exec(decodedMail(join(mailDir, `${feedbackMail!.id}.eml`)));
    ottilie.sent.feedbackToken = link![1];
    metricsBefore = await turnaround();
  }, 180_000);
  afterAll(() => t.close());

  it('should hold the data before the erasure (the search finds what is there)', async () => {
    expect(await columnsHolding([NAME])).toEqual(expect.arrayContaining(['public.invitations.candidate_name']));
    expect(await columnsHolding([ANSWER_MARK])).toEqual(
      expect.arrayContaining(['public.answers.value', 'public.reviews.draft', 'public.feedback.comments']),
    );
    expect(mailIdsOfOttilie.length).toBeGreaterThanOrEqual(4);
    expect(mailFilesHolding([EMAIL])).toHaveLength(mailIdsOfOttilie.length);
    await t.http().get('/api/v1/candidate/attempt').set(bearer(ottilie.sent.feedbackToken)).expect(200);
  });

  it('should tell the candidate on the start page what is kept, who sees it and for how long', async () => {
    const html = (await t.http().get(`/t/${ottilie.invited.token}`).expect(200)).text;
    expect(html).toMatch(/id="privacy-note">[^<]*365 days[^<]*reviewers see your answers without your name/);
  });

  it('should refuse a caller who is not an admin with 403 and a bad body with 400 naming the field', async () => {
    await erase(recruiter, { candidateEmail: EMAIL, reason: 'asked' }).expect(403);
    await erase(reviewer, { candidateEmail: EMAIL, reason: 'asked' }).expect(403);
    await t.http().post('/api/v1/privacy/erasures').send({ candidateEmail: EMAIL, reason: 'asked' }).expect(401);
    const badEmail = await erase(admin, { candidateEmail: 'not-an-email', reason: 'asked' }).expect(400);
    expect(badEmail.body.errors.map((e: { field: string }) => e.field)).toEqual(['candidateEmail']);
    const noReason = await erase(admin, { candidateEmail: EMAIL, reason: '   ' }).expect(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    expect(await columnsHolding([NAME])).toContain('public.invitations.candidate_name');
  });

  it('should erase the name, email, answers, mail and links of every invitation of the address when an admin asks, and leave no trace of them in the database, the log or the mail files', async () => {
    const res = await erase(admin, {
      candidateEmail: `  ${EMAIL.toLowerCase().replace('example', 'EXAMPLE')} `,
      reason: `Asked by ${NAME} (${EMAIL}) by email, ticket 7`,
    }).expect(202);
    expect(res.body).toEqual({ id: expect.any(String), invitations: 2 });

    // The database: every text column of every table, the queue's jobs included (PostgreSQL backend).
    expect(await columnsHolding(NEEDLES)).toEqual([]);
    expect(await columnsHolding([other.name])).toContain('public.invitations.candidate_name');
    // The log.
    const log = readFileSync(logFile, 'utf8').toLowerCase();
    expect(log).toContain('/api/v1/privacy/erasures');
    expect(NEEDLES.filter((n) => log.includes(n.toLowerCase()))).toEqual([]);
    // The mail files: hers are gone, everyone else's stay.
    expect(mailIdsOfOttilie.filter((id) => existsSync(join(mailDir, `${id}.eml`)))).toEqual([]);
    expect(mailFilesHolding(NEEDLES)).toEqual([]);
    expect(mailFilesHolding([other.name]).length).toBeGreaterThan(0);

    // Recorded with a hash of the address and the reason without her name; an event per invitation, ids only.
    // Keyed by the test app's JWT_SECRET: no one without it can test an address against the record.
    const hash = erasureEmailHash(t.app.get(AppConfig).auth.jwtSecret, EMAIL);
    const [record] = await t.dataSource.query(`SELECT * FROM privacy_erasures WHERE id = $1`, [res.body.id]);
    expect(record).toMatchObject({
      kind: 'request',
      email_hash: hash,
      reason: 'Asked by [erased] ([erased]) by email, ticket 7',
      invitations: 2,
      erased_by: admin.id,
    });
    const events = await t.dataSource.query<{ invitation_id: string; actor_id: string; data: unknown }[]>(
      `SELECT invitation_id, actor_id, data FROM events WHERE type = 'privacy.erased' ORDER BY invitation_id`,
    );
    expect(events).toEqual(
      [ottilie.sent.id, ottilie.invited.id].sort().map((id) => ({
        invitation_id: id,
        actor_id: admin.id,
        data: { erasureId: res.body.id, kind: 'request', emailHash: hash, invitations: 2 },
      })),
    );

    // What stays is anonymous: the submission, the feedback and its scores, the ratings' numbers.
    const [sent] = await t.dataSource.query(
      `SELECT i.status, i.candidate_name, i.candidate_email, i.erased_at, f.summary, f.scores, f.comments,
              (SELECT count(*)::int FROM answers a WHERE a.invitation_id = i.id) AS answers
         FROM invitations i JOIN feedback f ON f.invitation_id = i.id WHERE i.id = $1`,
      [ottilie.sent.id],
    );
    expect(sent).toMatchObject({
      status: 'feedback_sent',
      candidate_name: 'Erased candidate',
      candidate_email: `erased+${ottilie.sent.id}@invalid`,
      erased_at: t.clock.now(),
      summary: goodFeedback('privacy-ottilie').summary,
      scores: { correctness: 4, clarity: 2 },
      answers: 0,
    });
    expect(sent.comments[0].quote).toMatchObject({ exact: '', prefix: '', suffix: '', start: 0 });
    // Blanking the quotes of an erased invitation is the feedback's only change; any other is still refused.
    await expect(
      t.dataSource.query(`UPDATE feedback SET summary = 'edited' WHERE invitation_id = $1`, [ottilie.sent.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`UPDATE feedback SET comments = erase_quotes(comments) WHERE invitation_id = $1`, [other.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`DELETE FROM feedback WHERE invitation_id = $1`, [ottilie.sent.id]),
    ).rejects.toThrow(/append-only/);
    const ratings = await t.dataSource.query(
      `SELECT stage, length, learning, feedback_usefulness, comment FROM candidate_ratings WHERE invitation_id = $1 ORDER BY stage`,
      [ottilie.sent.id],
    );
    expect(ratings).toEqual([
      { stage: 'after_feedback', length: null, learning: null, feedback_usefulness: 5, comment: null },
      { stage: 'after_submit', length: 4, learning: 5, feedback_usefulness: null, comment: null },
    ]);
    // The open invitation was withdrawn first, so nothing can start it.
    const [invited] = await t.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [ottilie.invited.id]);
    expect(invited.status).toBe('withdrawn');
    // The admins' error reports keep the call, not the address.
    const reports = await t.http().get('/api/v1/integrations/request-errors').set(admin.auth).expect(200);
    expect(reports.body).toEqual([
      expect.objectContaining({
        partnerInterviewId: 'gh-1',
        candidateEmail: null,
        errors: ['no profile for [erased]'],
      }),
    ]);

    // Metrics are the same, and the rollup agrees with its sources.
    expect(await turnaround()).toEqual(metricsBefore);
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);

    // The reviewer still opens the review they completed, with their feedback, anonymous.
    const review = await t.http().get(`/api/v1/reviews/${ottilie.sent.reviewId}`).set(reviewer.auth).expect(200);
    expect(review.body).toMatchObject({
      status: 'completed',
      submissionId: ottilie.sent.id,
      answers: {},
      draft: { summary: goodFeedback('privacy-ottilie').summary },
    });
    expect(NEEDLES.filter((n) => review.text.toLowerCase().includes(n.toLowerCase()))).toEqual([]);

    // Old links, the invitation's and the feedback's, no longer open anything.
    for (const token of [ottilie.sent.token, ottilie.sent.feedbackToken, ottilie.invited.token]) {
      await t.http().get('/api/v1/candidate/attempt').set(bearer(token)).expect(401);
      await t.http().get(`/t/${token}`).expect(404);
    }
  });

  it('should answer 202 with 0 invitations when the address was erased already, and record the request', async () => {
    const res = await erase(admin, { candidateEmail: EMAIL, reason: 'Asked again' }).expect(202);
    expect(res.body).toEqual({ id: expect.any(String), invitations: 0 });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM privacy_erasures`);
    expect(n).toBe(2);
    expect(await columnsHolding(NEEDLES)).toEqual([]);
  });

  it('should leave jobs that later touch an erased invitation nothing to do when they run, and send no mail to it', async () => {
    // Waiting for feedback when erased; and in the middle of an attempt.
    const waiting = await createSubmission(t, recruiter, assessmentId);
    const writing = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(writing.candidateAuth).expect(200);
    await outboxDrained();
    const addresses = await t.dataSource.query<{ id: string; email: string; deadline: Date | null }[]>(
      `SELECT id, candidate_email AS email, deadline FROM invitations WHERE id = ANY($1::uuid[])`,
      [[waiting.invitation.id, writing.invitation.id]],
    );
    const mailsBefore = (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM outbox_messages`)).map((m) => m.id);
    for (const a of addresses)
      expect((await erase(admin, { candidateEmail: a.email, reason: 'Asked' }).expect(202)).body.invitations).toBe(1);

    // Past the attempt's deadline and a day past the feedback deadline: the jobs and sweeps that would act now.
    t.clock.advance(6 * DAY);
    const deadline = addresses.find((a) => a.id === writing.invitation.id)!.deadline!;
    await runJob(
      'attempt.auto-submit',
      { invitationId: writing.invitation.id, deadlineMs: new Date(deadline).getTime() },
      `privacy-auto-submit-${writing.invitation.id}`,
    );
    await runJob(
      'feedback.notice',
      { invitationId: waiting.invitation.id, kind: 'late_notice' },
      `privacy-late-${waiting.invitation.id}`,
    );
    await t.jobs.runSweeps();
    await outboxDrained();

    const states = await t.dataSource.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[waiting.invitation.id, writing.invitation.id]],
    );
    expect(Object.fromEntries(states.map((s) => [s.id, s.status]))).toEqual({
      [waiting.invitation.id]: 'submitted',
      [writing.invitation.id]: 'withdrawn',
    });
    const [{ n: toErased }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE NOT (id = ANY($1::uuid[])) AND to_address ILIKE '%invalid'`,
      [mailsBefore],
    );
    expect(toErased).toBe(0);
    const [{ n: notices }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM feedback_notices WHERE invitation_id = $1 AND kind = 'late_notice'`,
      [waiting.invitation.id],
    );
    expect(notices).toBe(1);
    expect(readFileSync(logFile, 'utf8')).not.toMatch(/sweep .* failed|failed; the next sweep retries it/);
    t.clock.advance(-6 * DAY);
  });

  it('should erase exactly the invitations past RETENTION_DAYS by the clock when the daily job runs', async () => {
    const now = t.clock.now();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const seeded = await seedAssessment(t, recruiter.id);
    const make = async (status: string, days: number, feedbackSent: boolean) => {
      const s = await seedSubmission(t, seeded, { submittedAt: ago(days + 3) });
      await t.dataSource.query(
        `UPDATE invitations SET status = $2, feedback_sent_at = $3, updated_at = $4 WHERE id = $1`,
        [s.id, status, feedbackSent ? ago(days) : null, ago(days)],
      );
      return s;
    };
    const oldFeedback = await make('feedback_sent', 400, true);
    const expired = await make('expired', 366, false);
    const justInside = await make('feedback_sent', 364, true);
    const withdrawnLately = await make('withdrawn', 10, false);
    const feedbackLately = await make('feedback_sent', 100, true);
    const neverReviewed = await make('submitted', 700, false);
    // The same person as the old feedback, invited again lately: this invitation keeps its data.
    const sameAddressLately = await make('feedback_sent', 5, true);
    await t.dataSource.query(`UPDATE invitations SET candidate_email = upper($2) WHERE id = $1`, [
      sameAddressLately.id,
      oldFeedback.candidateEmail,
    ]);
    const erasedBefore = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM invitations WHERE erased_at IS NOT NULL`,
    );
    const erasedNow = async () =>
      (
        await t.dataSource.query<{ id: string }[]>(
          `SELECT id FROM invitations WHERE erased_at IS NOT NULL AND NOT (id = ANY($1::uuid[])) ORDER BY id`,
          [erasedBefore.map((r) => r.id)],
        )
      ).map((r) => r.id);
    const metrics = await t.http().get('/api/v1/metrics/turnaround').set(recruiter.auth).expect(200);

    await runJob('privacy.retention', {}, 'privacy-retention-1');
    expect(await erasedNow()).toEqual([oldFeedback.id, expired.id].sort());
    const [kept] = await t.dataSource.query(`SELECT candidate_name, candidate_email FROM invitations WHERE id = $1`, [
      sameAddressLately.id,
    ]);
    expect(kept).toEqual({
      candidate_name: sameAddressLately.candidateName,
      candidate_email: oldFeedback.candidateEmail.toUpperCase(),
    });
    const [answers] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM answers WHERE invitation_id = ANY($1::uuid[])`,
      [[oldFeedback.id, expired.id]],
    );
    expect(answers.n).toBe(0);
    const events = await t.dataSource.query(
      `SELECT invitation_id, actor_type, data->>'kind' AS kind FROM events WHERE type = 'privacy.erased' AND invitation_id = ANY($1::uuid[]) ORDER BY invitation_id`,
      [[oldFeedback.id, expired.id]],
    );
    expect(events).toEqual(
      [oldFeedback.id, expired.id].sort().map((id) => ({ invitation_id: id, actor_type: 'system', kind: 'retention' })),
    );
    expect((await t.http().get('/api/v1/metrics/turnaround').set(recruiter.auth).expect(200)).body).toEqual(
      metrics.body,
    );

    // Two days on, the feedback sent 364 days ago is past the window too; a second run on the same day erases nothing.
    t.clock.advance(2 * DAY);
    await runJob('privacy.retention', {}, 'privacy-retention-2');
    await runJob('privacy.retention', {}, 'privacy-retention-3');
    expect(await erasedNow()).toEqual([oldFeedback.id, expired.id, justInside.id].sort());
    for (const s of [withdrawnLately, feedbackLately, neverReviewed, sameAddressLately])
      expect(await erasedNow()).not.toContain(s.id);
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
});
