import { randomInt } from 'node:crypto';

/** Words for answers and feedback: many, so that two random texts share almost no word pairs. */
const POOL = `
  ledger payout retry queue worker handler timeout backoff jitter lock row index schema migration column
  transaction isolation snapshot commit rollback savepoint deadlock contention latency throughput budget cache
  eviction expiry lease token hash secret rotation audit trail event stream consumer producer offset partition
  replica failover quorum leader follower heartbeat probe metric histogram percentile alert dashboard runbook
  incident postmortem rollout canary flag toggle config vault policy boundary module service adapter
  port domain entity aggregate invariant validation parser lexer grammar fixture factory mock stub spy fake
  assertion coverage mutation property fuzz seed contract version header cursor pagination
  filter sorting ranking search ingest export import archive compression checksum signature certificate
  careful precise concise thorough readable robust brittle elegant pragmatic explicit implicit defensive
  lazy eager bounded unbounded ordered unordered durable volatile atomic partial complete consistent
  measured clearly quietly promptly safely gently firmly briefly openly rarely often always never
  handles names explains covers misses skips checks guards retries logs measures splits merges bounds
  documents questions weighs compares chooses rejects prefers reuses avoids isolates orders batches
  reconciler settlement refund chargeback invoice currency rounding cents decimal float overflow underflow
  window sliding fixed bucket limiter throttle semaphore mutex channel buffer backpressure
  harbour lantern orchard meadow granite copper willow thistle saffron juniper falcon otter badger heron
  river canyon summit glacier tundra prairie delta lagoon reef marsh valley ridge plateau basin estuary
  violin cello trumpet oboe timpani chorus sonata ballad anthem overture rhythm tempo cadence harmony
`
  .split(/\s+/)
  .filter((w) => w !== '');

/** `count` words drawn at random (repeats allowed): filler for answers. */
export function words(count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(POOL[randomInt(POOL.length)]!);
  return out.join(' ');
}

/** Sentences of distinct words, none shared with the other sentences of the same text. */
function sentences(counts: number[]): string {
  const pool = [...POOL];
  return counts
    .map((count) => {
      const picked: string[] = [];
      for (let i = 0; i < count; i++) picked.push(pool.splice(randomInt(pool.length), 1)[0]!);
      const [first, ...rest] = picked;
      return `${first![0]!.toUpperCase()}${first!.slice(1)} ${rest.join(' ')}.`;
    })
    .join(' ');
}

export interface RubricCriterion {
  key: string;
  maxScore: number;
}

/**
 * Feedback that meets the rules of an assessment with minAnchoredComments 0: long enough, real sentences,
 * every field different, and far from any other feedback (the near-copy rule compares with all sent ones).
 */
export function usefulFeedback(rubric: RubricCriterion[]): Record<string, unknown> {
  return {
    decision: Math.random() < 0.5 ? 'advance' : 'reject',
    scores: Object.fromEntries(rubric.map((c) => [c.key, randomInt(c.maxScore + 1)])),
    criteria: Object.fromEntries(rubric.map((c) => [c.key, sentences([7, 6])])),
    summary: sentences([10, 9]),
    strengths: sentences([10, 9]),
    improvements: sentences([10, 9]),
    comments: [],
  };
}
