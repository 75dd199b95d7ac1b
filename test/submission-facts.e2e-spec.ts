import pg from 'pg';
import { MetricsRepository } from '../src/metrics/metrics.repository.js';
import {
  hoursAfter,
  insertAssessment,
  insertInvitation,
  insertRating,
  type HistoryAssessment,
} from './factories/metrics-history.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { submissionFactsDrift } from './support/submission-facts.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface FactRow {
  first_claimed_at: Date | null;
  reviewed_by: string | null;
  submit_length: number | null;
  xmin: string;
}

describe('submission_facts rollup kept by triggers', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let assessment: HistoryAssessment;
  const facts = async (invitationId: string): Promise<FactRow | undefined> =>
    (
      await t.dataSource.query<FactRow[]>(
        `SELECT first_claimed_at, reviewed_by, submit_length, xmin::text FROM submission_facts WHERE invitation_id = $1`,
        [invitationId],
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    assessment = await insertAssessment(t, {
      title: 'Facts',
      timeLimitMinutes: 60,
      feedbackDueHours: 72,
      createdBy: recruiter.id,
      at: hoursAfter(t.clock.now(), -500),
    });
  }, 180_000);
  afterAll(() => t.close());

  const submitted = (hoursAgo: number): Promise<string> => {
    const submittedAt = hoursAfter(t.clock.now(), -hoursAgo);
    return insertInvitation(t, {
      assessment,
      createdAt: hoursAfter(submittedAt, -5),
      startedAt: hoursAfter(submittedAt, -1),
      submittedAt,
    });
  };

  it('should have no facts for an invitation until it is submitted, then one row when it is', async () => {
    const startedAt = hoursAfter(t.clock.now(), -1);
    const id = await insertInvitation(t, { assessment, createdAt: hoursAfter(startedAt, -2), startedAt });
    expect(await facts(id)).toBeUndefined();
    await t.dataSource.query(
      `UPDATE invitations SET status = 'submitted', submitted_at = $2, submitted_by = 'candidate',
      submit_processed_at = $2, feedback_due_at = $3 WHERE id = $1`,
      [id, t.clock.now(), hoursAfter(t.clock.now(), 72)],
    );
    expect(await facts(id)).toMatchObject({ first_claimed_at: null, reviewed_by: null });
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });

  it('should leave the facts row untouched when an update changes no fact', async () => {
    const id = await submitted(10);
    const before = await facts(id);
    await t.dataSource.query(`UPDATE invitations SET updated_at = now() WHERE id = $1`, [id]);
    await t.dataSource.query(`UPDATE reviews SET lease_expires_at = now() WHERE invitation_id = $1`, [id]);
    expect((await facts(id))?.xmin).toBe(before?.xmin);
  });

  it('should fill every submission once when one statement inserts many claims', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => submitted(20 + i)));
    await t.dataSource.query(
      `INSERT INTO reviews (invitation_id, reviewer_id, status, claimed_at, lease_expires_at)
       SELECT i.id, $2, 'released', i.submitted_at + interval '1 hour', i.submitted_at + interval '3 hours'
       FROM invitations i WHERE i.id = ANY($1::uuid[])`,
      [ids, reviewer.id],
    );
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM submission_facts WHERE invitation_id = ANY($1::uuid[]) AND hours_to_claim = 1`,
      [ids],
    );
    expect(rows[0].n).toBe(40);
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });

  it('should keep both writes when a claim commits while a rating of the same submission is in flight', async () => {
    const id = await submitted(3);
    const rating = new pg.Client({ connectionString: t.databaseUrl });
    const claim = new pg.Client({ connectionString: t.databaseUrl });
    await Promise.all([rating.connect(), claim.connect()]);
    try {
      await rating.query('BEGIN');
      await rating.query(
        `INSERT INTO candidate_ratings (invitation_id, stage, length, learning, created_at) VALUES ($1, 'after_submit', 2, 5, now())`,
        [id],
      );
      // The claim's refresh must wait for the rating's transaction, else it computes without the rating and
      // its upsert, landing after the rating's, would erase it.
      const {
        rows: [{ pid }],
      } = await claim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const claimed = claim.query(
        `INSERT INTO reviews (invitation_id, reviewer_id, status, claimed_at, lease_expires_at)
         VALUES ($1, $2, 'active', now(), now() + interval '2 hours')`,
        [id, reviewer.id],
      );
      await waitUntilBlocked(t, pid);
      await rating.query('COMMIT');
      await claimed;
    } finally {
      await Promise.all([rating.end(), claim.end()]);
    }
    expect(await facts(id)).toMatchObject({ submit_length: 2 });
    expect((await facts(id))?.first_claimed_at).not.toBeNull();
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });

  it('should follow a review from claim to completion and the candidate rating the feedback', async () => {
    const id = await submitted(30);
    const [{ review_id: reviewId }] = await t.dataSource.query<{ review_id: string }[]>(
      `INSERT INTO reviews (invitation_id, reviewer_id, status, claimed_at, lease_expires_at)
       SELECT id, $2, 'active', submitted_at + interval '2 hours', submitted_at + interval '4 hours' FROM invitations WHERE id = $1
       RETURNING id AS review_id`,
      [id, reviewer.id],
    );
    await t.dataSource.query(`UPDATE reviews SET status = 'completed', ended_at = now() WHERE id = $1`, [reviewId]);
    await t.dataSource.query(
      `UPDATE invitations SET status = 'feedback_sent', feedback_sent_at = submitted_at + interval '10 hours' WHERE id = $1`,
      [id],
    );
    await insertRating(t, id, {
      stage: 'after_feedback',
      length: 4,
      learning: 4,
      feedbackUsefulness: 5,
      at: t.clock.now(),
    });
    const [row] = await t.dataSource.query<
      { reviewed_by: string; hours_to_claim: number; hours_to_feedback: number; feedback_usefulness: number }[]
    >(
      `SELECT reviewed_by, hours_to_claim, hours_to_feedback, feedback_usefulness FROM submission_facts WHERE invitation_id = $1`,
      [id],
    );
    expect(row).toEqual({ reviewed_by: reviewer.id, hours_to_claim: 2, hours_to_feedback: 10, feedback_usefulness: 5 });
    expect(await submissionFactsDrift(t.dataSource)).toEqual([]);
  });
  it('should give the report index-only reads of the window back when the rollup vacuum job runs after rows changed', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => submitted(100 + i)));
    const churn = new pg.Client({ connectionString: t.databaseUrl });
    await churn.connect();
    await churn.query(
      `UPDATE invitations SET feedback_due_at = feedback_due_at + interval '1 hour' WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    // A backend reports its statistics when it exits; the job decides from them.
    await churn.end();
    await waitFor(async () => (await rollupStats(t)).dead > 0);
    expect(await windowHeapFetches(t)).toBeGreaterThan(0);

    expect(await t.app.get(MetricsRepository).vacuumRollupIfChanged()).toBe(true);
    expect(await windowHeapFetches(t)).toBe(0);
  });
});

/** Polls pg_stat_activity until the backend waits on a lock (it is then queued behind the other transaction). */
async function waitUntilBlocked(t: TestApp, pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await t.dataSource.query<{ wait: string | null }[]>(
      `SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1`,
      [pid],
    );
    if (row?.wait === 'Lock') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`backend ${pid} never waited on a lock`);
}

async function rollupStats(t: TestApp): Promise<{ dead: number }> {
  const [row] = await t.dataSource.query<{ dead: number }[]>(
    `SELECT n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relid = 'submission_facts'::regclass`,
  );
  return row;
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in 10 s');
}

interface PlanNode {
  'Heap Fetches'?: number;
  Plans?: PlanNode[];
}

/** Table reads an index-only scan of the whole rollup by submitted_at needs (0 when every page is all-visible). */
async function windowHeapFetches(t: TestApp): Promise<number> {
  return t.dataSource.transaction(async (m) => {
    // The table is tiny here: without this the planner would just read it sequentially.
    await m.query(`SET LOCAL enable_seqscan = off`);
    await m.query(`SET LOCAL enable_bitmapscan = off`);
    const [row] = await m.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(
      `EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(hours_to_claim) FROM submission_facts WHERE submitted_at > '-infinity'`,
    );
    const sum = (n: PlanNode): number => (n['Heap Fetches'] ?? 0) + (n.Plans ?? []).reduce((a, c) => a + sum(c), 0);
    return sum(row['QUERY PLAN'][0].Plan);
  });
}
