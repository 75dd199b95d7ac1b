/**
 * The driver: one policy, one trace, the real service. Virtual time moves in steps (15 minutes by default);
 * candidates act at the exact minutes the trace gives them, reviewers act at each step of their working hours,
 * and after every step the service's sweeps run with the clock at that moment, as the scheduler would run them
 * in production. Everything goes through the HTTP API; reviewers learn of reminders from the mail the service
 * sent to the SMTP sink. The database is only read: to wait until the outbox is delivered, nothing else.
 *
 * Why the sweeps, and what about delayed jobs: the service schedules BullMQ jobs (reminders, lease expiry,
 * auto-submit) with a delay measured against the injected clock, but BullMQ waits for that delay in real time,
 * so a reminder due in 36 virtual hours would fire 36 real hours later. The sweeps are the service's safety net
 * for exactly such jobs: each finds every notice, lease and auto-submit whose moment has passed by the clock, so
 * running them each step does the work on virtual time, at most one step late (in production the sweep runs
 * every 15 s). A delayed job that does fire during the run (only those due a few real seconds after they were
 * scheduled) finds its work either not due yet by the clock or already done, because handlers re-check state
 * against the clock and every notice happens once: harmless. Mail (`outbox.deliver`, no delay) is delivered by
 * the real worker in real time; each step waits for it, so the next step's reviewers have read their mail.
 */
import { performance } from 'node:perf_hooks';
import { seededRandom, seedOf } from '../test/support/generated-text.js';
import { FakeClock } from '../test/support/fake-clock.js';
import { type ReceivedMail } from '../test/support/smtp-sink.js';
import { type Api, type ApiResponse } from './api.js';
import { type Policy, type PolicyName } from './policies.js';
import {
  BEHAVIOURS,
  calendarOf,
  hasTimeToClaim,
  isAtWork,
  looksOnTheirOwn,
  type TraceReviewer,
  writingMinutesFor,
} from './reviewer-behaviours.js';
import { type DatabaseProvider, type SimDatabase, type SimService, startService } from './service.js';
import { answerText, type FeedbackBody, type ReviewToWrite, writeFeedback } from './texts.js';
import { type AssessmentKey, type Trace, type TraceAssessment, type TraceCandidate } from './trace.js';

const MINUTE_MS = 60_000;
/** The step outside everyone's working hours (a multiple of the working step). */
const QUIET_STEP_MINUTES = 60;
/** A reviewer's page autosaves as they type; the simulation saves once per this many minutes of writing, which
 * renews the lease (120 minutes by default) just as well and keeps a month within its time budget. */
const DRAFT_EVERY_MINUTES = 60;
const DAY_MINUTES = 1440;

export const SUBJECTS = {
  reminder: /^Feedback reminder/,
  atRisk: /^Feedback at risk/,
  breach: /^Feedback deadline missed/,
  late: /^Your feedback is late/,
  feedback: /^Your feedback: /,
} as const;

export interface RunSettings {
  /** Virtual minutes per step: reviewers act and the sweeps run once per step. */
  stepMinutes: number;
  /** After the last invitation, how many virtual days the run may go on for the last submissions' feedback. */
  drainDays: number;
  database: DatabaseProvider;
  log: (line: string) => void;
}

/** One submission's fate, as the candidate and the service's API tell it. */
export interface SubmissionOutcome {
  candidate: number;
  assessment: AssessmentKey;
  cohort: TraceCandidate['cohort'];
  submittedAt: string;
  submittedBy: string;
  /** The date the candidate was given (the invitation's feedbackDueAt). */
  feedbackDueAt: string;
  feedbackSentAt: string | null;
  /** Their own page (GET /candidate/feedback) shows the feedback and it reached their inbox. */
  feedbackReceived: boolean;
  lateNotice: boolean;
  /** Who claimed it and when, in order (a name twice: claimed again after losing it). */
  claims: { by: string; at: string }[];
  reviewedBy: string | null;
}

export interface ReviewerActivity {
  name: string;
  behaviour: string;
  claims: number;
  completed: number;
  /** Claims that ended without their feedback: lease expired, revoked at the breach, released on deactivation. */
  lost: number;
  /** Completions refused by the feedback rules (422); the reviewer rewrote and sent again. */
  refusals: number;
  remindersReceived: number;
  /** "At risk" mails from the capacity forecast. */
  atRiskReceived: number;
}

export interface PolicyRun {
  policy: PolicyName;
  settings: Readonly<Record<string, string>>;
  outcomes: SubmissionOutcome[];
  reviewers: ReviewerActivity[];
  mail: {
    total: number;
    reminders: number;
    atRiskWarnings: number;
    breachNotices: number;
    lateNotices: number;
    feedback: number;
  };
  /** The reviewer who left mid-month: their claims at that moment, and how many were back in the queue after. */
  departures: { reviewer: string; at: string; claimsHeld: number; returnedToQueue: number }[];
  /** Anything that went other than planned (a candidate's save refused, mail slow to arrive): should be empty. */
  anomalies: string[];
  requests: number;
  virtualDays: number;
  steps: number;
  wallSeconds: number;
}

type SimEvent =
  | { kind: 'invite'; candidate: number }
  | { kind: 'start'; candidate: number }
  | { kind: 'save'; candidate: number; final: boolean }
  | { kind: 'extend'; candidate: number }
  | { kind: 'submit'; candidate: number }
  | { kind: 'deactivate'; reviewer: number };

interface Scheduled {
  /** Virtual ms since the trace's start. */
  at: number;
  seq: number;
  event: SimEvent;
}

interface CandidateState {
  invitationId: string;
  token: string;
  questions: { key: string; type: string; options?: string[] }[];
}

interface Claim {
  reviewId: string;
  candidate: number;
  view: ReviewToWrite;
  feedbackDueMs: number;
  claimedAt: number;
  needMinutes: number;
  doneMinutes: number;
  /** doneMinutes at the last draft save. */
  savedAtMinutes: number;
  tries: number;
}

interface ReviewerState {
  spec: TraceReviewer;
  userId: string;
  token: string;
  deactivated: boolean;
  lastLookAt: number | null;
  pendingReminders: number;
  /** An "at risk" mail read and not yet answered. */
  atRiskCall: boolean;
  /** The day they last gave extra minutes for an "at risk" mail (once a day at most). */
  extraDay: number;
  budgetDay: number;
  budgetLeft: number;
  /** In the order they were claimed: a reviewer writes the oldest first. */
  claims: Map<string, Claim>;
  activity: ReviewerActivity;
}

interface ClaimView extends ReviewToWrite {
  id: string;
  submissionId: string;
  feedbackDueAt: string;
}

interface InvitationRow {
  id: string;
  status: string;
  submittedAt: string | null;
  submittedBy: string | null;
  feedbackDueAt: string | null;
  feedbackSentAt: string | null;
}

/** Sections of each assessment: a reading, a written and a code question, a choice. */
function assessmentBody(a: TraceAssessment): object {
  return {
    title: a.title,
    roleTitle: a.roleTitle,
    team: 'Platform',
    timeLimitMinutes: a.timeLimitMinutes,
    startWindowDays: 7,
    feedbackDueHours: a.feedbackDueHours,
    minAnchoredComments: a.minAnchoredComments,
    sections: [
      {
        kind: 'reading',
        title: 'About the team',
        body: `The ${a.roleTitle.toLowerCase()} team keeps payouts **correct** and on time.`,
      },
      { kind: 'question', key: 'design', prompt: 'How would you make a payout job safe to retry?', type: 'text' },
      {
        kind: 'question',
        key: 'code',
        prompt: 'Write a function that sums amounts in cents without floats.',
        type: 'code',
      },
      {
        kind: 'question',
        key: 'pick',
        prompt: 'Which isolation level would you choose?',
        type: 'choice',
        options: ['read committed', 'serializable'],
        required: false,
      },
    ],
    rubric: [
      { key: 'correctness', title: 'Correctness', description: 'Edge cases handled', maxScore: 5 },
      { key: 'clarity', title: 'Clarity', maxScore: 3 },
      { key: 'tradeoffs', title: 'Trade-offs', maxScore: 4 },
    ],
  };
}

const ADMIN = { email: 'sim-admin@sim.candor.test', password: 'sim-admin-password-8d1f' };
const RECRUITER = { email: 'recruiter@sim.candor.test', name: 'Rae Recruiter' };

/**
 * Runs each policy over the trace, each on a fresh database and a service of its own. The services boot one
 * after the other (each reads its settings from the process environment while it boots), then the runs go
 * side by side unless `sequential`: they share nothing but the machine, and each waits on its own database
 * and mail for much of its time.
 */
export async function runPolicies(
  trace: Trace,
  policies: readonly Policy[],
  settings: RunSettings & { sequential?: boolean },
): Promise<PolicyRun[]> {
  const booted: { policy: Policy; clock: FakeClock; database: SimDatabase; service?: SimService }[] = [];
  try {
    for (const policy of policies) {
      const entry: (typeof booted)[number] = {
        policy,
        clock: new FakeClock(trace.options.start),
        database: await settings.database(policy.name),
      };
      booted.push(entry);
      entry.service = await startService({
        databaseUrl: entry.database.url,
        clock: entry.clock,
        settings: policy.settings,
        admin: ADMIN,
      });
    }
    const runOne = async (entry: (typeof booted)[number]): Promise<PolicyRun> => {
      const began = performance.now();
      const run = await new PolicyRunner(trace, entry.policy, entry.service!, entry.clock, settings).run();
      return { ...run, wallSeconds: Math.round((performance.now() - began) / 100) / 10 };
    };
    if (settings.sequential) {
      const runs: PolicyRun[] = [];
      for (const entry of booted) runs.push(await runOne(entry));
      return runs;
    }
    return await Promise.all(booted.map(runOne));
  } finally {
    for (const entry of booted) {
      await entry.service?.close();
      await entry.database.drop();
    }
  }
}

class PolicyRunner {
  private readonly api: Api;
  private readonly startMs: number;
  private readonly stepMs: number;
  private readonly quietStepMs: number;
  private readonly queue: Scheduled[] = [];
  private seq = 0;
  private readonly candidates = new Map<number, CandidateState>();
  private readonly byInvitation = new Map<string, number>();
  private readonly reviewers: ReviewerState[] = [];
  private readonly reviewedBy = new Map<number, string>();
  private readonly claimsOf = new Map<number, { by: string; at: string }[]>();
  private readonly anomalies: string[] = [];
  private readonly departures: PolicyRun['departures'] = [];
  private adminToken = '';
  private recruiterToken = '';
  private readonly assessmentIds = new Map<AssessmentKey, string>();
  private mailSeen = 0;

  constructor(
    private readonly trace: Trace,
    private readonly policy: Policy,
    private readonly service: SimService,
    private readonly clock: FakeClock,
    private readonly settings: RunSettings,
  ) {
    this.api = service.api;
    this.startMs = Date.parse(trace.options.start);
    this.stepMs = settings.stepMinutes * MINUTE_MS;
    this.quietStepMs = Math.ceil(QUIET_STEP_MINUTES / settings.stepMinutes) * this.stepMs;
  }

  /**
   * Whether any reviewer's working hours include this minute. Outside them nobody acts on what the sweeps do
   * (reminders wait in inboxes until the morning, nobody claims), so the clock moves in hour steps there:
   * notices and late notices then go out up to an hour after their moment instead of a quarter, auto-submits
   * still record the deadline as the submission time, and candidates still act at their exact minutes.
   */
  private someoneMayWork(minute: number): boolean {
    const { weekday, hour } = calendarOf(this.startMs, minute);
    return this.reviewers.some((r) => {
      const b = BEHAVIOURS[r.spec.behaviour];
      return b.days.includes(weekday) && hour >= b.hours[0] && hour < b.hours[1];
    });
  }

  async run(): Promise<Omit<PolicyRun, 'wallSeconds'>> {
    await this.setUp();
    for (const c of this.trace.candidates)
      this.schedule(c.invitedAt * MINUTE_MS, { kind: 'invite', candidate: c.index });
    this.trace.reviewers.forEach((r, i) => {
      if (r.leavesAt !== null) this.schedule(r.leavesAt * MINUTE_MS, { kind: 'deactivate', reviewer: i });
    });
    const lastMs = (this.trace.endsAt + this.settings.drainDays * DAY_MINUTES) * MINUTE_MS;
    let step = 0;
    let now = 0;
    while (now < lastMs) {
      now += this.someoneMayWork(now / MINUTE_MS) ? this.stepMs : this.quietStepMs;
      step += 1;
      while (this.queue.length > 0 && this.queue[0].at <= now) {
        const next = this.queue.shift()!;
        this.clock.set(new Date(this.startMs + next.at));
        await this.handle(next.event);
      }
      this.clock.set(new Date(this.startMs + now));
      await this.service.jobs.runSweeps();
      await this.mailDelivered();
      this.readMail();
      const minute = now / MINUTE_MS;
      for (const reviewer of this.reviewers) await this.act(reviewer, minute);
      if (minute % DAY_MINUTES === 0 && (minute / DAY_MINUTES) % 5 === 0)
        this.settings.log(`  ${this.policy.name}: day ${minute / DAY_MINUTES}`);
      // Once every invitation is in and every candidate has acted, stop as soon as no submission waits.
      if (
        now >= this.trace.endsAt * MINUTE_MS &&
        this.queue.length === 0 &&
        minute % 360 === 0 &&
        (await this.nothingWaiting())
      )
        break;
    }
    await this.mailDelivered();
    return {
      policy: this.policy.name,
      settings: this.policy.settings,
      outcomes: await this.outcomes(),
      reviewers: this.reviewers.map((r) => r.activity),
      mail: this.mailCounts(),
      departures: this.departures,
      anomalies: this.anomalies,
      requests: Object.values(this.api.counts).reduce((a, b) => a + b, 0),
      virtualDays: Math.round((now / MINUTE_MS / DAY_MINUTES) * 100) / 100,
      steps: step,
    };
  }

  private schedule(at: number, event: SimEvent): void {
    const item = { at: Math.round(at / 1000) * 1000, seq: this.seq++, event };
    // Ordered by time, then by when it was scheduled: the same trace replays in the same order.
    let i = this.queue.length;
    while (
      i > 0 &&
      (this.queue[i - 1].at > item.at || (this.queue[i - 1].at === item.at && this.queue[i - 1].seq > item.seq))
    )
      i--;
    this.queue.splice(i, 0, item);
  }

  /** Staff accounts and the three published assessments, made as an admin and a recruiter would. */
  private async setUp(): Promise<void> {
    this.adminToken = await this.login(ADMIN.email, ADMIN.password);
    const password = (who: string): string =>
      `sim-${who}-${seedOf(`${this.trace.options.seed}:${who}`).toString(36)}-pass`;
    await this.api.expect(201, 'POST', '/api/v1/users', this.adminToken, {
      email: RECRUITER.email,
      name: RECRUITER.name,
      role: 'recruiter',
      password: password('recruiter'),
    });
    this.recruiterToken = await this.login(RECRUITER.email, password('recruiter'));
    for (const spec of this.trace.reviewers) {
      const created = await this.api.expect<{ id: string }>(201, 'POST', '/api/v1/users', this.adminToken, {
        email: spec.email,
        name: spec.name,
        role: 'reviewer',
        password: password(spec.name),
      });
      this.reviewers.push({
        spec,
        userId: created.body.id,
        token: await this.login(spec.email, password(spec.name)),
        deactivated: false,
        lastLookAt: null,
        pendingReminders: 0,
        atRiskCall: false,
        extraDay: -1,
        budgetDay: -1,
        budgetLeft: 0,
        claims: new Map(),
        activity: {
          name: spec.name,
          behaviour: spec.behaviour,
          claims: 0,
          completed: 0,
          lost: 0,
          refusals: 0,
          remindersReceived: 0,
          atRiskReceived: 0,
        },
      });
    }
    for (const a of this.trace.assessments) {
      const created = await this.api.expect<{ id: string; warnings: { field: string; message: string }[] }>(
        201,
        'POST',
        '/api/v1/assessments',
        this.recruiterToken,
        assessmentBody(a),
      );
      // The default trace follows Candor's advice; a window it warns about (--windows) is reported, not refused.
      for (const w of created.body.warnings)
        this.anomalies.push(`${a.title}: the service warns on ${w.field}: ${w.message}`);
      await this.api.expect(200, 'POST', `/api/v1/assessments/${created.body.id}/publish`, this.recruiterToken);
      this.assessmentIds.set(a.key, created.body.id);
    }
  }

  private async login(email: string, password: string): Promise<string> {
    const res = await this.api.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', null, {
      email,
      password,
    });
    return res.body.accessToken;
  }

  private async handle(event: SimEvent): Promise<void> {
    if (event.kind === 'deactivate') return this.deactivate(this.reviewers[event.reviewer]);
    const spec = this.trace.candidates[event.candidate];
    if (event.kind === 'invite') return this.invite(spec);
    const state = this.candidates.get(spec.index)!;
    const auth = state.token;
    switch (event.kind) {
      case 'start':
        return this.start(spec, state);
      case 'save':
        for (const q of state.questions) {
          const value =
            q.type === 'choice' ? q.options![spec.index % q.options!.length] : this.answer(spec, q.key, event.final);
          this.note(
            await this.api.call('PUT', `/api/v1/candidate/attempt/answers/${q.key}`, auth, { value }),
            200,
            `candidate ${spec.index + 1} save`,
          );
        }
        return;
      case 'extend':
        this.note(
          await this.api.call('POST', `/api/v1/invitations/${state.invitationId}/extensions`, this.recruiterToken, {
            minutes: spec.extension!.minutes,
            reason: 'Lost time to a power cut',
          }),
          200,
          `extension for candidate ${spec.index + 1}`,
        );
        return;
      case 'submit':
        this.note(
          await this.api.call('POST', '/api/v1/candidate/attempt/submit', auth),
          200,
          `candidate ${spec.index + 1} submit`,
        );
        return;
    }
  }

  private async invite(spec: TraceCandidate): Promise<void> {
    const res = await this.api.expect<{ id: string; token: string }>(
      201,
      'POST',
      `/api/v1/assessments/${this.assessmentIds.get(spec.assessment)}/invitations`,
      this.recruiterToken,
      {
        candidateName: spec.name,
        candidateEmail: spec.email,
        ...(spec.extraMinutes > 0 ? { extraMinutes: spec.extraMinutes } : {}),
      },
    );
    this.candidates.set(spec.index, { invitationId: res.body.id, token: res.body.token, questions: [] });
    this.byInvitation.set(res.body.id, spec.index);
    if (spec.startsAt !== null) this.schedule(spec.startsAt * MINUTE_MS, { kind: 'start', candidate: spec.index });
  }

  /** Starts, then plans the attempt on the deadline the service gave: a save along the way, the end. */
  private async start(spec: TraceCandidate, state: CandidateState): Promise<void> {
    const res = await this.api.expect<{ startedAt: string; deadline: string; questions: CandidateState['questions'] }>(
      200,
      'POST',
      '/api/v1/candidate/attempt/start',
      state.token,
    );
    state.questions = res.body.questions;
    const startedAt = Date.parse(res.body.startedAt) - this.startMs;
    const total = Date.parse(res.body.deadline) - Date.parse(res.body.startedAt);
    const whole = total + (spec.extension?.minutes ?? 0) * MINUTE_MS;
    this.schedule(startedAt + 0.35 * total, { kind: 'save', candidate: spec.index, final: false });
    if (spec.extension)
      this.schedule(startedAt + spec.extension.atShare * total, { kind: 'extend', candidate: spec.index });
    if (spec.toTheLimit) {
      // Writes until the last minutes and never presses submit: the server submits at deadline + grace.
      this.schedule(startedAt + whole - 2 * MINUTE_MS, { kind: 'save', candidate: spec.index, final: true });
    } else {
      this.schedule(startedAt + spec.usedShare * whole - MINUTE_MS, {
        kind: 'save',
        candidate: spec.index,
        final: true,
      });
      this.schedule(startedAt + spec.usedShare * whole, { kind: 'submit', candidate: spec.index });
    }
  }

  /** The candidate's answer: two sentences on the way, four at the end. */
  private answer(spec: TraceCandidate, key: string, final: boolean): string {
    const full = answerText(`${this.trace.options.seed}:answer:${spec.index}:${key}`);
    return final ? full : (full.match(/[^.]+\./g) ?? [full]).slice(0, 2).join('');
  }

  private note(res: ApiResponse<unknown>, expected: number, what: string): void {
    if (res.status !== expected)
      this.anomalies.push(`${this.stamp()} ${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  }

  private stamp(): string {
    return this.clock.now().toISOString().slice(0, 16);
  }

  /** An admin deactivates the leaver; their claims must be back in the queue right after. */
  private async deactivate(reviewer: ReviewerState): Promise<void> {
    // What they hold right now, as an admin sees it (a claim may have run out since the reviewer last looked).
    const held: Claim[] = [];
    for (const claim of reviewer.claims.values()) {
      const review = await this.api.expect<{ status: string }>(
        200,
        'GET',
        `/api/v1/reviews/${claim.reviewId}`,
        this.adminToken,
      );
      if (review.body.status === 'active') held.push(claim);
    }
    await this.api.expect(200, 'PATCH', `/api/v1/users/${reviewer.userId}`, this.adminToken, { active: false });
    reviewer.deactivated = true;
    let returned = 0;
    for (const claim of held) {
      const res = await this.api.expect<InvitationRow>(
        200,
        'GET',
        `/api/v1/invitations/${this.candidates.get(claim.candidate)!.invitationId}`,
        this.recruiterToken,
      );
      if (res.body.status === 'submitted') returned += 1;
    }
    reviewer.activity.lost += reviewer.claims.size;
    reviewer.claims.clear();
    this.departures.push({
      reviewer: reviewer.spec.name,
      at: this.clock.now().toISOString(),
      claimsHeld: held.length,
      returnedToQueue: returned,
    });
    if (returned !== held.length)
      this.anomalies.push(
        `${this.stamp()} ${reviewer.spec.name} deactivated: ${held.length - returned} of ${held.length} claims not back in the queue`,
      );
  }

  /** Mail is delivered by the service's worker in real time: wait until nothing due is pending. */
  private async mailDelivered(): Promise<void> {
    const until = Date.now() + 60_000;
    for (;;) {
      const [row] = await this.service.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= $1`,
        [this.clock.now()],
      );
      if (row.n === 0) return;
      if (Date.now() > until) {
        this.anomalies.push(`${this.stamp()} ${row.n} mails still pending after 60 s`);
        return;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Hands each reviewer the reminders that reached their inbox since the last step. */
  private readMail(): void {
    const mails = this.service.sink.received;
    for (; this.mailSeen < mails.length; this.mailSeen++) {
      const mail = mails[this.mailSeen];
      const atRisk = SUBJECTS.atRisk.test(mail.subject);
      if (!atRisk && !SUBJECTS.reminder.test(mail.subject)) continue;
      for (const reviewer of this.reviewers) {
        if (!mail.to.includes(reviewer.spec.email)) continue;
        if (atRisk) reviewer.activity.atRiskReceived += 1;
        else reviewer.activity.remindersReceived += 1;
        const away =
          reviewer.spec.absent !== null &&
          this.minuteNow() >= reviewer.spec.absent.from &&
          this.minuteNow() < reviewer.spec.absent.to;
        // Mail that arrives during leave is archived unread on return; at night it waits for the morning.
        if (away) continue;
        const behaviour = BEHAVIOURS[reviewer.spec.behaviour];
        if (behaviour.reactsToReminders) reviewer.pendingReminders += 1;
        else if (atRisk && behaviour.answersAtRisk > 0) reviewer.atRiskCall = true;
      }
    }
  }

  private minuteNow(): number {
    return (this.clock.now().getTime() - this.startMs) / MINUTE_MS;
  }

  /**
   * One step of one reviewer: first the work of the step that just passed on the claim they are writing
   * (a draft save, as the page autosaves, or the completion), then, if their habit or a reminder says so, a look
   * at the queue and a claim.
   */
  private async act(r: ReviewerState, minute: number): Promise<void> {
    if (r.deactivated || !isAtWork(r.spec, this.startMs, minute)) return;
    const behaviour = BEHAVIOURS[r.spec.behaviour];
    const day = Math.floor(minute / DAY_MINUTES);
    if (r.budgetDay !== day) {
      r.budgetDay = day;
      r.budgetLeft = behaviour.dailyMinutes;
    }
    // Asked to help (an "at risk" mail): more minutes today, once a day, and a look at the queue now.
    const answering = r.atRiskCall;
    if (answering) {
      r.atRiskCall = false;
      if (r.extraDay !== day) {
        r.extraDay = day;
        r.budgetLeft += behaviour.answersAtRisk;
      }
    }
    const nowMs = this.clock.now().getTime();
    const writing = [...r.claims.values()].find(
      (c) => c.claimedAt < minute && (!behaviour.waitsForDeadline || nowMs > c.feedbackDueMs),
    );
    // The day's allowance decides whether they start a review; one they have started they finish (while at work).
    if (writing && (r.budgetLeft > 0 || writing.doneMinutes > 0)) {
      const spent = Math.min(this.settings.stepMinutes, writing.needMinutes - writing.doneMinutes);
      writing.doneMinutes += spent;
      r.budgetLeft -= spent;
      if (writing.doneMinutes >= writing.needMinutes) await this.complete(r, writing);
      else if (writing.doneMinutes - writing.savedAtMinutes >= DRAFT_EVERY_MINUTES || writing.savedAtMinutes === 0)
        await this.saveDraft(r, writing);
    }
    const ownAccord =
      answering || looksOnTheirOwn(behaviour.looks, this.startMs, minute, this.settings.stepMinutes, r.lastLookAt);
    if (!ownAccord && r.pendingReminders === 0) return;
    // No time left today for a review and nothing held: the look waits (a reminder stays unanswered till then).
    if (r.claims.size === 0 && !hasTimeToClaim(behaviour, this.startMs, minute, r.budgetLeft)) return;
    r.lastLookAt = minute;
    await this.reconcile(r);
    while (
      r.claims.size < behaviour.maxClaims &&
      hasTimeToClaim(behaviour, this.startMs, minute, r.budgetLeft) &&
      (ownAccord || r.pendingReminders > 0)
    ) {
      const res = await this.api.call<ClaimView>('POST', '/api/v1/reviews/claim', r.token);
      if (res.status === 204) {
        // Nothing left to take: the reminders they were answering are answered.
        r.pendingReminders = 0;
        return;
      }
      if (res.status !== 200) {
        this.anomalies.push(`${this.stamp()} ${r.spec.name} claim: ${res.status}`);
        return;
      }
      r.pendingReminders = Math.max(0, r.pendingReminders - 1);
      this.track(r, res.body, minute);
    }
  }

  private track(r: ReviewerState, view: ClaimView, minute: number): void {
    const candidate = this.byInvitation.get(view.submissionId)!;
    const draw = seededRandom(seedOf(`${this.trace.options.seed}:writing:${r.spec.name}:${candidate}`))();
    r.claims.set(view.id, {
      reviewId: view.id,
      candidate,
      view,
      feedbackDueMs: Date.parse(view.feedbackDueAt),
      claimedAt: minute,
      needMinutes: writingMinutesFor(r.spec.behaviour, draw),
      doneMinutes: 0,
      savedAtMinutes: 0,
      tries: 0,
    });
    r.activity.claims += 1;
    this.claimsOf.set(candidate, [
      ...(this.claimsOf.get(candidate) ?? []),
      { by: r.spec.name, at: this.clock.now().toISOString() },
    ]);
  }

  /** What the review page shows them: claims they lost since (lease, breach) are gone from it. */
  private async reconcile(r: ReviewerState): Promise<void> {
    const res = await this.api.expect<ClaimView[]>(200, 'GET', '/api/v1/reviews/mine', r.token);
    const active = new Set(res.body.map((v) => v.id));
    for (const id of [...r.claims.keys()]) {
      if (active.has(id)) continue;
      r.claims.delete(id);
      r.activity.lost += 1;
    }
  }

  private feedbackFor(r: ReviewerState, claim: Claim): FeedbackBody {
    return writeFeedback(
      claim.view,
      `${this.trace.options.seed}:feedback:${r.spec.name}:${claim.candidate}:${claim.tries}`,
    );
  }

  /** The draft as far as they have written it: the summary first, the anchored comments last. */
  private async saveDraft(r: ReviewerState, claim: Claim): Promise<void> {
    const full = this.feedbackFor(r, claim);
    const share = claim.doneMinutes / claim.needMinutes;
    const draft: Partial<FeedbackBody> = {
      decision: full.decision,
      summary: full.summary,
      ...(share >= 0.3 ? { strengths: full.strengths, scores: full.scores } : {}),
      ...(share >= 0.5 ? { improvements: full.improvements } : {}),
      ...(share >= 0.7 ? { criteria: full.criteria, comments: full.comments } : {}),
    };
    const res = await this.api.call('PUT', `/api/v1/reviews/${claim.reviewId}/draft`, r.token, draft);
    if (res.status === 200) {
      claim.savedAtMinutes = claim.doneMinutes;
      return;
    }
    this.lose(r, claim, res.status);
  }

  private async complete(r: ReviewerState, claim: Claim): Promise<void> {
    const res = await this.api.call(
      'POST',
      `/api/v1/reviews/${claim.reviewId}/complete`,
      r.token,
      this.feedbackFor(r, claim),
    );
    if (res.status === 200) {
      r.claims.delete(claim.reviewId);
      r.activity.completed += 1;
      this.reviewedBy.set(claim.candidate, r.spec.name);
    } else if (res.status === 422) {
      // Refused by the feedback rules: they rewrite it (new text) and send again at the next step.
      r.activity.refusals += 1;
      claim.tries += 1;
      this.anomalies.push(
        `${this.stamp()} ${r.spec.name}'s feedback for candidate ${claim.candidate + 1} refused: ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    } else {
      this.lose(r, claim, res.status);
    }
  }

  /** The claim is no longer theirs (404 or 409): lost to the lease or the breach. */
  private lose(r: ReviewerState, claim: Claim, status: number): void {
    if (status !== 404 && status !== 409)
      this.anomalies.push(`${this.stamp()} ${r.spec.name} on review ${claim.reviewId}: ${status}`);
    r.claims.delete(claim.reviewId);
    r.activity.lost += 1;
  }

  private async nothingWaiting(): Promise<boolean> {
    for (const status of ['started', 'submitted', 'in_review']) {
      const res = await this.api.expect<InvitationRow[]>(
        200,
        'GET',
        `/api/v1/invitations?status=${status}`,
        this.recruiterToken,
      );
      if (res.body.length > 0) return false;
    }
    return true;
  }

  /** Every submission as the service's API reports it, checked against what the candidate can see and got. */
  private async outcomes(): Promise<SubmissionOutcome[]> {
    const res = await this.api.expect<InvitationRow[]>(200, 'GET', '/api/v1/invitations', this.recruiterToken);
    const rows = new Map(res.body.map((row) => [row.id, row]));
    const mails = this.service.sink.received;
    const mailed = (to: string, subject: RegExp): boolean =>
      mails.some((m: ReceivedMail) => m.to.includes(to) && subject.test(m.subject));
    const out: SubmissionOutcome[] = [];
    for (const spec of this.trace.candidates) {
      const state = this.candidates.get(spec.index);
      const row = state ? rows.get(state.invitationId) : undefined;
      if (!state || !row?.submittedAt || !row.feedbackDueAt) continue;
      const page = await this.api.expect<{ status: string }>(200, 'GET', '/api/v1/candidate/feedback', state.token);
      out.push({
        candidate: spec.index,
        assessment: spec.assessment,
        cohort: spec.cohort,
        submittedAt: row.submittedAt,
        submittedBy: row.submittedBy ?? 'unknown',
        feedbackDueAt: row.feedbackDueAt,
        feedbackSentAt: row.feedbackSentAt,
        feedbackReceived: page.body.status === 'sent' && mailed(spec.email, SUBJECTS.feedback),
        lateNotice: mailed(spec.email, SUBJECTS.late),
        claims: this.claimsOf.get(spec.index) ?? [],
        reviewedBy: this.reviewedBy.get(spec.index) ?? null,
      });
    }
    return out;
  }

  private mailCounts(): PolicyRun['mail'] {
    const mails = this.service.sink.received;
    const count = (subject: RegExp): number => mails.filter((m) => subject.test(m.subject)).length;
    return {
      total: mails.length,
      reminders: count(SUBJECTS.reminder),
      atRiskWarnings: count(SUBJECTS.atRisk),
      breachNotices: count(SUBJECTS.breach),
      lateNotices: count(SUBJECTS.late),
      feedback: count(SUBJECTS.feedback),
    };
  }
}
