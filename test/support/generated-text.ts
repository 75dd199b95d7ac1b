/**
 * Text for tests, benchmarks and the fault suite that the feedback rules accept and tell apart: words from one
 * large pool, so two generated texts share almost no word pairs (the near-copy rule compares every feedback
 * ever sent), drawn by a seeded generator where a run must be repeatable. No jest, no application imports.
 */

/** Words for answers and feedback. */
export const WORD_POOL: readonly string[] = `
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

/** Sentences of distinct words, none shared with the other sentences of the same text; `pick(n)` is below n. */
export function poolSentences(counts: readonly number[], pick: (n: number) => number): string {
  const pool = [...WORD_POOL];
  return counts
    .map((count) => {
      const picked: string[] = [];
      for (let i = 0; i < count; i++) picked.push(pool.splice(pick(pool.length), 1)[0]);
      const [first, ...rest] = picked;
      return `${first[0].toUpperCase()}${first.slice(1)}${rest.map((w) => ` ${w}`).join('')}.`;
    })
    .join(' ');
}

/** A repeatable stream of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from a text, so each tag gives its own repeatable stream. */
export function seedOf(tag: string): number {
  let state = 0;
  for (const ch of tag) state = (Math.imul(state ^ ch.charCodeAt(0), 2654435761) + 0x9e3779b9) >>> 0;
  return state;
}
