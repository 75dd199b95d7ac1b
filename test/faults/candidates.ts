import { randomInt } from 'node:crypto';
import { type Api, isOk, isRetryable, type Outcome, problemType } from './http.js';
import { sleep } from './processes.js';
import { words } from './text.js';

export interface Question {
  key: string;
  type: 'text' | 'code' | 'choice';
  options?: string[];
}

export interface AckedAnswer {
  value: string;
  revision: number;
}

export interface CandidatePlan {
  /** When to press Start (epoch ms). */
  startAt: number;
  /** When to press Submit, or null to let the deadline submit. */
  submitAt: number | null;
  /** Pause between saves (ms, jittered ±30 %). */
  pauseMs: number;
  /** Hard stop for the loop, whatever happens (epoch ms). */
  endBy: number;
}

/** Retry delays after a failed save, as the page does (shorter: the suite has minutes, not hours). */
const RETRY_MS = [250, 500, 1000, 2000, 3000];
const MAX_SAVES = 200;
const MAX_TRIES_PER_SAVE = 40;

/**
 * One candidate as the candidate page (src/web/browser/candidate.page.ts) behaves: start, autosave the answers again and again (one save
 * at a time), retry a failed save with backoff until it is stored or deadline + grace has passed, stop once
 * the server says the deadline passed; some press Submit themselves. Remembers every save answered 200.
 */
export class Candidate {
  /** Per question, the acknowledged save with the highest revision. */
  readonly acked = new Map<string, AckedAnswer>();
  deadlineMs: number | null = null;
  startedAt: number | null = null;
  submittedAck = false;
  /** Saves that were never answered 200 before the attempt closed (not acknowledged, so not owed). */
  abandoned = 0;
  /** Answers the suite did not expect (4xx other than the deadline): a harness or contract problem. */
  readonly unexpected: string[] = [];
  private closed = false;
  private seq = 0;

  constructor(
    readonly invitationId: string,
    readonly email: string,
    readonly token: string,
    private readonly api: Api,
    private readonly graceMs: number,
  ) {}

  /** Still saving: started, not submitted, not refused. */
  get open(): boolean {
    return this.deadlineMs !== null && !this.closed;
  }

  get cutoffMs(): number | null {
    return this.deadlineMs === null ? null : this.deadlineMs + this.graceMs;
  }

  async run(plan: CandidatePlan): Promise<void> {
    await sleep(Math.max(0, plan.startAt - Date.now()));
    const questions = await this.start(plan.endBy);
    if (!questions) return;
    const writable = questions.filter((q) => q.type !== 'choice');
    const choice = questions.find((q) => q.type === 'choice');
    if (choice?.options?.length)
      await this.save(choice.key, choice.options[randomInt(choice.options.length)], plan.endBy);
    for (let i = 0; i < MAX_SAVES && !this.closed && Date.now() < plan.endBy; i++) {
      if (plan.submitAt !== null && Date.now() >= plan.submitAt) {
        await this.submit(plan.endBy);
        return;
      }
      const q = writable[i % writable.length];
      await this.save(q.key, this.nextValue(q.key), plan.endBy);
      await sleep(plan.pauseMs * (0.7 + Math.random() * 0.6));
    }
  }

  private async start(endBy: number): Promise<Question[] | null> {
    for (let attempt = 0; attempt < MAX_TRIES_PER_SAVE && Date.now() < endBy; attempt++) {
      const o = await this.api.send('POST', '/api/v1/candidate/attempt/start', { token: this.token });
      if (o.kind === 'response' && o.status === 200) {
        const body = o.body as { startedAt: string; deadline: string; questions: Question[] };
        this.startedAt = Date.parse(body.startedAt);
        this.deadlineMs = Date.parse(body.deadline);
        return body.questions;
      }
      if (!isRetryable(o)) {
        this.unexpected.push(`start: ${o.kind === 'response' ? o.status : o.code}`);
        return null;
      }
      await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    }
    return null;
  }

  /** A value that names its own order, so the check can tell which save it came from. */
  private nextValue(key: string): string {
    this.seq += 1;
    return `${key} #${this.seq} of ${this.invitationId.slice(0, 8)}: ${words(randomInt(20, 200))}`;
  }

  /** One try of a save to one instance, no retry (the SIGTERM row's in-flight requests); records an acknowledgement. */
  async saveOnce(key: string, value: string, base: string): Promise<Outcome> {
    const o = await this.api.send(
      'PUT',
      `/api/v1/candidate/attempt/answers/${key}`,
      { token: this.token, body: { value } },
      base,
    );
    if (isOk(o)) this.remember(key, value, (o as { body: { revision: number } }).body.revision);
    return o;
  }

  private remember(key: string, value: string, revision: number): void {
    const known = this.acked.get(key);
    if (!known || revision > known.revision) this.acked.set(key, { value, revision });
  }

  /** A value that names its own order, so the check can tell which save it came from. */
  valueFor(key: string): string {
    return this.nextValue(key);
  }

  /** One save, retried until it is answered (retries go wherever the balancer sends them). */
  async save(key: string, value: string, endBy: number): Promise<Outcome | null> {
    let last: Outcome | null = null;
    for (let attempt = 0; attempt < MAX_TRIES_PER_SAVE && !this.closed; attempt++) {
      last = await this.api.send('PUT', `/api/v1/candidate/attempt/answers/${key}`, {
        token: this.token,
        body: { value },
      });
      if (isOk(last)) {
        this.remember(key, value, (last as { body: { revision: number } }).body.revision);
        return last;
      }
      if (last.kind === 'response' && last.status === 409) {
        // deadline-passed, or already submitted: the attempt is over, as the page would lock the fields.
        this.closed = true;
        if (!/(deadline-passed|state-conflict)$/.test(problemType(last)))
          this.unexpected.push(`save: 409 ${problemType(last)}`);
        break;
      }
      if (!isRetryable(last)) {
        this.unexpected.push(
          `save: ${last.kind === 'response' ? `${last.status} ${JSON.stringify(last.body).slice(0, 200)}` : last.code}`,
        );
        break;
      }
      const cutoff = this.cutoffMs;
      // The page stops retrying once deadline + grace has passed (the server would refuse anyway).
      if ((cutoff !== null && Date.now() > cutoff + 3000) || Date.now() > endBy) break;
      await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    }
    if (!last || !isOk(last)) this.abandoned += 1;
    return last;
  }

  private async submit(endBy: number): Promise<void> {
    for (let attempt = 0; attempt < MAX_TRIES_PER_SAVE && Date.now() < endBy; attempt++) {
      const o = await this.api.send('POST', '/api/v1/candidate/attempt/submit', { token: this.token });
      if (isOk(o)) {
        this.submittedAck = true;
        this.closed = true;
        return;
      }
      if (!isRetryable(o)) {
        this.unexpected.push(`submit: ${o.kind === 'response' ? o.status : o.code}`);
        return;
      }
      await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    }
  }
}
