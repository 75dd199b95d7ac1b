import { randomBytes, randomInt } from 'node:crypto';
import pg from 'pg';
import { Candidate } from './candidates.js';
import { type CheckResult, nothingOutstanding, type Outstanding, outstanding, runChecks } from './checks.js';
import { Api } from './http.js';
import { type MailSink } from './mail-sink.js';
import { type WebhookSink } from './webhook-sink.js';
import { freePort } from '../support/child-process.js';
import { type Cleanup, ServiceProcess, sleep, waitUntil } from './processes.js';
import { Reviewer } from './reviewers.js';

/** ATTEMPT_GRACE_SECONDS and SWEEP_INTERVAL_SECONDS: short, so that a one-minute attempt's end and its recovery fit in a row. */
export const GRACE_SECONDS = 2;
export const SWEEP_SECONDS = 2;
const TIME_LIMIT_MS = 60_000;
/** Every event a webhook can ask for (the contract's list): each row's webhook asks for all of them. */
const WEBHOOK_EVENTS = [
  'invitation.started',
  'submission.created',
  'review.claimed',
  'feedback.sent',
  'feedback.overdue',
  'invitation.expired',
  'invitation.withdrawn',
];

/** What every row shares: the built service, the SMTP and webhook sinks, a temp folder, the cleanup list, the sizes. */
export interface Shared {
  entry: string;
  sink: MailSink;
  webhooks: WebhookSink;
  root: string;
  cleanup: Cleanup;
  candidates: number;
  /** Deadline for the whole suite (epoch ms): rows cut their waits short to respect it. */
  suiteEnd: number;
}

export interface RowResult {
  fault: string;
  operations: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  /** Seconds from the repair until all work due by then was done (SIGTERM row: from the signal to the exit). */
  recoveryS: number | null;
  boundS: number;
  boundExceeded: boolean;
  /** Service processes that exited without being told to (a crash is a failure even if nothing was lost). */
  crashed: string[];
  /** Answers the simulated candidates and reviewers did not expect (listed in the details); a failure too. */
  unexpected: number;
  details: string[];
  skipped?: string;
  error?: string;
}

export interface LoadTimeline {
  /** Candidates press Start spread over this many ms from the row's t0 (deadlines + grace fall from 62 s on). */
  startSpreadMs: number;
}

/**
 * One row of the table: its own database (and queue prefix), its own staff, assessment and candidates, the
 * load, and the checks. The fault itself is the caller's (rows.ts).
 */
export class Row {
  readonly api: Api;
  readonly candidates: Candidate[] = [];
  readonly reviewers: Reviewer[] = [];
  readonly notes: string[] = [];
  /** Every service process of the row, and those the fault was meant to stop. */
  readonly services: ServiceProcess[] = [];
  readonly stopped = new Set<ServiceProcess>();
  /** When this row SIGKILLed a process (or cut the power): a mail or delivery accepted just before may be sent again. */
  readonly killedAt: number[] = [];
  readonly secret = randomBytes(32).toString('hex');
  readonly admin: { email: string; password: string };
  db!: pg.Pool;
  t0 = 0;
  private adminToken = '';
  /** The row's webhook (registered at setup, pointing at the webhook sink's `/hooks/<tag>`). */
  private webhookId = '';
  private assessment = { id: '', versionId: '' };
  private reminderReviewer: Reviewer | null = null;
  private load: Promise<unknown> = Promise.resolve();
  /** The last feedback moment of the seeded submissions (epoch ms). */
  private lastMoment = 0;

  constructor(
    readonly tag: string,
    readonly fault: string,
    readonly shared: Shared,
    apiBases: string[],
  ) {
    this.api = new Api(apiBases);
    this.admin = { email: `admin@${tag}.faults.test`, password: randomBytes(12).toString('hex') };
  }

  /**
   * The environment of every process of this row (production settings, short deadlines, the suite's SMTP sink;
   * outbound calls to private addresses allowed, as the webhook sink listens on 127.0.0.1).
   */
  env(extra: Record<string, string>): Record<string, string> {
    return {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      JWT_SECRET: this.secret,
      ADMIN_EMAIL: this.admin.email,
      ADMIN_PASSWORD: this.admin.password,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ATTEMPT_GRACE_SECONDS: String(GRACE_SECONDS),
      SWEEP_INTERVAL_SECONDS: String(SWEEP_SECONDS),
      REVIEW_MAX_ACTIVE: '50',
      SMTP_URL: this.shared.sink.url,
      MAIL_FROM: 'candor@faults.test',
      QUEUE_PREFIX: `faults_${this.tag}`,
      OUTBOUND_ALLOW_PRIVATE: 'true',
      ...extra,
    };
  }

  /** Starts a service process of this row and keeps it in the list checked for crashes. */
  async start(options: Parameters<typeof ServiceProcess.start>[0]): Promise<ServiceProcess> {
    const service = await ServiceProcess.start(options, this.shared.cleanup);
    this.services.push(service);
    return service;
  }

  async startApi(name: string, port: number, extra: Record<string, string>): Promise<ServiceProcess> {
    return this.start({
      name: `${this.tag} ${name}`,
      entry: this.shared.entry,
      env: this.env({
        ROLE: 'api',
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: `${this.shared.root}/${this.tag}-${name}`,
        ...extra,
      }),
      ready: /Candor \(api\) listening on/,
    });
  }

  async startWorker(name: string, extra: Record<string, string>): Promise<ServiceProcess> {
    return this.start({
      name: `${this.tag} ${name}`,
      entry: this.shared.entry,
      env: this.env({
        ROLE: 'worker',
        PORT: String(await freePort()),
        DATA_DIR: `${this.shared.root}/${this.tag}-${name}`,
        ...extra,
      }),
      ready: /Candor worker running/,
    });
  }

  connect(url: string): void {
    this.note(`database ${new URL(url).pathname.slice(1)} on port ${new URL(url).port}`);
    this.db = new pg.Pool({ connectionString: url, max: 3, connectionTimeoutMillis: 3000 });
    // A restarted or killed PostgreSQL ends idle connections; the next query opens a new one.
    this.db.on('error', () => undefined);
    this.shared.cleanup.task(() => this.db.end());
  }

  /**
   * A webhook for every event, staff, a published one-minute assessment (feedback due in an hour, no anchored
   * comments needed) and invitations.
   */
  async setup(): Promise<void> {
    try {
      await this.prepare();
    } catch (err) {
      // What the service logged says more than the status code.
      const logs = this.services.map((p) => `--- ${p.name}:\n${p.output.slice(-1500)}`).join('\n');
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${logs}`, { cause: err });
    }
  }

  private async prepare(): Promise<void> {
    const login = async (email: string, password: string): Promise<string> =>
      (await this.api.must<{ accessToken: string }>('POST', '/api/v1/auth/login', 200, { body: { email, password } }))
        .accessToken;
    this.adminToken = await login(this.admin.email, this.admin.password);
    const token = this.adminToken;
    // First, so that every event of the row after this owes a delivery.
    const hook = await this.api.must<{ id: string; secret: string }>('POST', '/api/v1/webhooks', 201, {
      token,
      body: { url: this.shared.webhooks.urlFor(this.tag), events: WEBHOOK_EVENTS },
    });
    this.shared.webhooks.register(this.tag, hook.secret);
    this.webhookId = hook.id;
    const reviewers: Reviewer[] = [];
    for (let i = 1; i <= 4; i++) {
      const email = `reviewer${i}@${this.tag}.faults.test`;
      const password = randomBytes(12).toString('hex');
      await this.api.must('POST', '/api/v1/users', 201, {
        token,
        body: { email, name: `Reviewer ${i}`, role: 'reviewer', password },
      });
      reviewers.push(new Reviewer(email, await login(email, password), this.api));
    }
    this.reminderReviewer = reviewers.pop()!;
    this.reviewers.push(...reviewers, this.reminderReviewer);
    const created = await this.api.must<{ id: string }>('POST', '/api/v1/assessments', 201, {
      token,
      body: {
        title: `Fault drill ${this.tag}`,
        roleTitle: 'Backend Engineer',
        team: 'Reliability',
        timeLimitMinutes: 1,
        startWindowDays: 1,
        feedbackDueHours: 1,
        minAnchoredComments: 0,
        sections: [
          { kind: 'reading', title: 'About us', body: 'We run payouts for small shops. **Correctness first.**' },
          { kind: 'question', key: 'design', prompt: 'How would you make a payout job safe to retry?', type: 'text' },
          { kind: 'question', key: 'code', prompt: 'Sum cents without floats.', type: 'code' },
          {
            kind: 'question',
            key: 'choice',
            prompt: 'Which isolation level?',
            type: 'choice',
            options: ['read committed', 'serializable'],
          },
        ],
        rubric: [
          { key: 'correctness', title: 'Correctness', maxScore: 5 },
          { key: 'clarity', title: 'Clarity', maxScore: 3 },
        ],
      },
    });
    await this.api.must('POST', `/api/v1/assessments/${created.id}/publish`, 200, { token });
    const version = await this.db.query<{ id: string }>('SELECT id FROM assessment_versions WHERE assessment_id = $1', [
      created.id,
    ]);
    this.assessment = { id: created.id, versionId: version.rows[0].id };
    for (let i = 0; i < this.shared.candidates; i++) {
      const email = `candidate${i}@${this.tag}.faults.test`;
      const inv = await this.api.must<{ id: string; token: string }>(
        'POST',
        `/api/v1/assessments/${created.id}/invitations`,
        201,
        {
          token,
          body: { candidateName: `Candidate ${i}`, candidateEmail: email },
        },
      );
      this.candidates.push(new Candidate(inv.id, email, inv.token, this.api, GRACE_SECONDS * 1000));
    }
  }

  /**
   * Starts the load at t0: candidates press Start spread over the timeline (so deadlines fall over a stretch
   * around the fault), a quarter press Submit between 15 and 40 s, the rest are submitted at the deadline;
   * reviewers work the queue from 12 s on. Returns at once; finish() awaits it.
   */
  startLoad(timeline: LoadTimeline): void {
    this.t0 = Date.now();
    const lastCutoff = this.t0 + timeline.startSpreadMs + TIME_LIMIT_MS + GRACE_SECONDS * 1000;
    const endBy = lastCutoff + 10_000;
    const candidates = this.candidates.map((c, i) => {
      const startAt = this.t0 + Math.round((timeline.startSpreadMs * i) / this.candidates.length);
      const submitAt = i % 4 === 1 ? startAt + randomInt(15_000, 40_000) : null;
      return c.run({ startAt, submitAt, pauseMs: 1500, endBy });
    });
    const reviewers = this.reviewers
      .filter((r) => r !== this.reminderReviewer)
      .map(async (r) => {
        await sleep(12_000 + randomInt(2000));
        await r.run(lastCutoff + 6000, 1000);
      });
    this.load = Promise.all([...candidates, ...reviewers]);
  }

  get lastCutoff(): number {
    return Math.max(...this.candidates.map((c) => c.cutoffMs ?? 0));
  }

  /**
   * Submissions whose feedback moments fall in the next seconds, seeded with SQL (the smallest feedbackDueHours
   * is an hour): submitted 8 s ago, due in 10 + 2k s, so the 50 % moments fall 1-8 s from now and the 90 % ones
   * 8-21 s from now. A reviewer then claims them over the API, which schedules the delayed notice jobs.
   */
  async seedReminders(count = 8): Promise<void> {
    const now = Date.now();
    for (let k = 0; k < count; k++) {
      const submittedAt = new Date(now - 8000);
      const dueAt = new Date(now + 10_000 + 2000 * k);
      const startedAt = new Date(submittedAt.getTime() - 50_000);
      await this.db.query(
        `INSERT INTO invitations (assessment_id, assessment_version_id, candidate_name, candidate_email, token_hash, status, time_limit_minutes,
                                  start_by, started_at, deadline, submitted_at, submitted_by, submit_processed_at, feedback_due_hours, feedback_due_at,
                                  created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'submitted', 1, $6, $7, $8, $9, 'candidate', $9, 1, $10, $7, $9)`,
        [
          this.assessment.id,
          this.assessment.versionId,
          `Seeded ${k}`,
          `seeded${k}@${this.tag}.faults.test`,
          randomBytes(32).toString('hex'),
          new Date(now + 86_400_000),
          startedAt,
          new Date(startedAt.getTime() + 60_000),
          submittedAt,
          dueAt,
        ],
      );
    }
    this.lastMoment = now + 10_000 + 2000 * (count - 1);
    const held = await this.reminderReviewer!.claimMany(count);
    this.note(
      `seeded ${count} submissions with feedback moments during the fault; ${held} claimed (notice jobs scheduled)`,
    );
  }

  /** Invitations sent at once: their emails are in flight (the sink takes a while over each) for the fault that follows. */
  async inviteBurst(count: number): Promise<number> {
    const sent = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        this.api.send('POST', `/api/v1/assessments/${this.assessment.id}/invitations`, {
          token: this.adminToken,
          body: { candidateName: `Late ${i}`, candidateEmail: `late${i}@${this.tag}.faults.test` },
        }),
      ),
    );
    return sent.filter((o) => o.kind === 'response' && o.status === 201).length;
  }

  note(line: string): void {
    this.notes.push(line);
  }

  /**
   * Seconds from `since` until every piece of work due at `since` is done (null if not within the bound); notes
   * when each kind of work was caught up, so a slow recovery says what it waited for.
   */
  async measureRecovery(since: number, boundMs: number): Promise<number | null> {
    const doneAt: Record<keyof Outstanding, number | null> = {
      attempts: null,
      notices: null,
      mails: null,
      deliveries: null,
    };
    const ok = await waitUntil(
      async () => {
        const left = await outstanding(this.db, new Date(since), GRACE_SECONDS).catch(() => null);
        if (!left) return false;
        for (const kind of Object.keys(doneAt) as (keyof Outstanding)[]) {
          if (left[kind] === 0) doneAt[kind] ??= Date.now();
          else doneAt[kind] = null;
        }
        return nothingOutstanding(left);
      },
      Math.min(boundMs, this.shared.suiteEnd - Date.now()),
      250,
    );
    const s = (at: number | null): string => (at === null ? 'not caught up' : `${((at - since) / 1000).toFixed(1)} s`);
    this.note(
      `caught up after the repair: deadline submissions ${s(doneAt.attempts)}, notices ${s(doneAt.notices)}, mail ${s(doneAt.mails)}, ` +
        `webhooks ${s(doneAt.deliveries)}`,
    );
    return ok ? (Date.now() - since) / 1000 : null;
  }

  /** How many of the row's deadlines (+ grace) fell inside [from, to). */
  cutoffsBetween(from: number, to: number): number {
    return this.candidates.filter((c) => c.cutoffMs !== null && c.cutoffMs >= from && c.cutoffMs < to).length;
  }

  /**
   * Waits for the load to end and for the last deadline and feedback moment to pass, then for all due work to be
   * done (bounded), then checks everything due at that instant.
   */
  async finish(repairedAt: number, boundMs: number): Promise<CheckResult> {
    await this.load;
    const lastDue = Math.max(this.lastCutoff, this.lastMoment);
    await sleep(Math.max(0, lastDue + 500 - Date.now()));
    const settleUntil = Math.min(Math.max(lastDue, repairedAt) + boundMs, this.shared.suiteEnd - 5000);
    let at = Date.now();
    await waitUntil(
      async () => {
        at = Date.now() - 500;
        const left = await outstanding(this.db, new Date(at), GRACE_SECONDS).catch(() => null);
        return left !== null && nothingOutstanding(left);
      },
      Math.max(0, settleUntil - Date.now()),
      500,
    );
    return runChecks({
      at,
      db: this.db,
      sink: this.shared.sink,
      webhooks: { sink: this.shared.webhooks, tag: this.tag, id: this.webhookId },
      graceSeconds: GRACE_SECONDS,
      candidates: this.candidates,
      reviewers: this.reviewers,
      repairedAt,
      boundMs,
      killedAt: this.killedAt,
    });
  }

  result(checks: CheckResult, recoveryS: number | null, boundS: number, extraBoundExceeded = false): RowResult {
    const boundExceeded = extraBoundExceeded || recoveryS === null || recoveryS > boundS || checks.late > 0;
    // An answer the simulated page or reviewer did not expect means the suite no longer tests what it claims.
    const unexpected = [
      ...this.candidates.flatMap((c) => c.unexpected),
      ...this.reviewers.flatMap((r) => r.unexpected),
      ...checks.unexpected,
    ];
    const crashed = this.services
      .filter((p) => !p.running && !this.stopped.has(p))
      .map((p) => `${p.name} exited on its own:\n${p.output.slice(-2000)}`);
    if (checks.late > 0)
      checks.details.push(
        `${checks.late} deadline submissions later than ${boundS} s after the repair or their deadline`,
      );
    return {
      fault: this.fault,
      operations: this.api.stats.sent,
      acknowledged: this.api.stats.acknowledged,
      lost: checks.lost,
      duplicated: checks.duplicated,
      recoveryS,
      boundS,
      boundExceeded,
      crashed,
      unexpected: unexpected.length,
      details: [
        ...this.notes,
        ...checks.details,
        ...(this.api.failures.size
          ? [`requests without an answer: ${[...this.api.failures].map(([c, n]) => `${n} ${c}`).join(', ')}`]
          : []),
      ],
    };
  }
}
