import { type Api, describe, isOk, isRetryable } from './http.js';
import { sleep } from './processes.js';
import { type RubricCriterion, usefulFeedback } from './text.js';

interface Claimed {
  id: string;
  submissionId: string;
  rubric: RubricCriterion[];
}

const MAX_COMPLETES = 60;
const MAX_TRIES = 12;
const RETRY_MS = [250, 500, 1000, 2000, 3000];

/** A reviewer working through the queue over the API: claim the most urgent submission, write feedback, send it. */
export class Reviewer {
  /** Submissions whose completion was answered 200: their feedback email is owed exactly once. */
  readonly completed = new Set<string>();
  readonly unexpected: string[] = [];

  constructor(
    readonly email: string,
    readonly token: string,
    private readonly api: Api,
  ) {}

  async claim(): Promise<Claimed | null> {
    const o = await this.api.send('POST', '/api/v1/reviews/claim', { token: this.token });
    if (o.kind === 'response' && o.status === 200) return o.body as Claimed;
    if (o.kind === 'response' && o.status !== 204 && !isRetryable(o)) this.unexpected.push(`claim: ${describe(o)}`);
    return null;
  }

  /** Claims until `count` are held or the queue is empty; the claims stay open (reminders go to their holder). */
  async claimMany(count: number): Promise<number> {
    let held = 0;
    for (let i = 0; i < count * 3 && held < count; i++) {
      if (await this.claim()) held += 1;
    }
    return held;
  }

  async run(until: number, pauseMs: number): Promise<void> {
    while (Date.now() < until && this.completed.size < MAX_COMPLETES) {
      const claimed = await this.claim();
      if (!claimed) {
        await sleep(1000);
        continue;
      }
      await sleep(200 + Math.random() * 400);
      await this.complete(claimed, until + 20_000);
      await sleep(pauseMs * (0.7 + Math.random() * 0.6));
    }
  }

  private async complete(claimed: Claimed, endBy: number): Promise<void> {
    const body = usefulFeedback(claimed.rubric);
    for (let attempt = 0; attempt < MAX_TRIES && Date.now() < endBy; attempt++) {
      const o = await this.api.send('POST', `/api/v1/reviews/${claimed.id}/complete`, { token: this.token, body });
      if (isOk(o)) {
        this.completed.add(claimed.submissionId);
        return;
      }
      if (o.kind === 'response' && o.status === 409) {
        // A retry after an unanswered try that did commit, or the claim was revoked at its feedback deadline.
        return;
      }
      if (!isRetryable(o)) {
        this.unexpected.push(`complete: ${describe(o)}`);
        return;
      }
      await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    }
  }
}
