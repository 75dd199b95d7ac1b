import type pg from 'pg';
import { type MailSink } from './mail-sink.js';
import { type Candidate } from './candidates.js';
import { type Reviewer } from './reviewers.js';

/** Work that was due by `at` and is not done: the sweep and the jobs owe it. */
export interface Outstanding {
  /** Started attempts past deadline + grace, not submitted. */
  attempts: number;
  /** Feedback-window moments (50 %, 90 %, deadline) passed without their notice. */
  notices: number;
  /** Outbox mails not sent. */
  mails: number;
}

export const nothingOutstanding = (o: Outstanding): boolean => o.attempts === 0 && o.notices === 0 && o.mails === 0;

export async function outstanding(db: pg.Pool, at: Date, graceSeconds: number): Promise<Outstanding> {
  const { rows } = await db.query<Outstanding>(
    `SELECT
       (SELECT count(*)::int FROM invitations WHERE status = 'started' AND deadline + make_interval(secs => $2) <= $1) AS attempts,
       (SELECT count(*)::int FROM invitations i
          CROSS JOIN (VALUES ('reminder_50', 0.5), ('reminder_90', 0.9), ('breach', 1.0)) AS k(kind, fraction)
         WHERE i.status IN ('submitted', 'in_review')
           AND i.submitted_at + (i.feedback_due_at - i.submitted_at) * k.fraction <= $1
           AND NOT EXISTS (SELECT 1 FROM feedback_notices n WHERE n.invitation_id = i.id AND n.kind = k.kind)) AS notices,
       (SELECT count(*)::int FROM outbox_messages WHERE status <> 'sent' AND created_at <= $1) AS mails`,
    [at, graceSeconds],
  );
  return rows[0];
}

export interface CheckInput {
  /** The instant checked (epoch ms): everything due by then must be done. */
  at: number;
  db: pg.Pool;
  sink: MailSink;
  graceSeconds: number;
  candidates: Candidate[];
  reviewers: Reviewer[];
  /** When the fault was repaired (epoch ms): work due before it may be late by up to `boundMs` after it. */
  repairedAt: number;
  boundMs: number;
  /** When a process that sends mail was killed (SIGKILL, power cut), epoch ms. */
  killedAt: readonly number[];
}

/**
 * How close before a kill a mail's first acceptance must be for its second copy to count as a redelivery: the
 * sink accepted it, but the sender died before it heard the 250 or recorded the mail as sent, so the outbox sends
 * it again (at least once, by design; the same Message-ID lets a receiver drop the copy). Covers the sink's
 * latency, the 250 on the wire and the outbox's update.
 */
const REDELIVERY_WINDOW_MS = 2_000;
/**
 * And how soon after: the sink accepts a mail when its latency timer fires, which can be just after the sender
 * died but before the sink saw the connection close; that sender never heard the 250 either.
 */
const ACCEPTED_AFTER_KILL_MS = 1_000;

/** Copies of one message beyond the first, split into redeliveries across a kill and true duplicates. */
function extraCopies(times: readonly number[], killedAt: readonly number[]): { redelivered: number; twice: number } {
  if (times.length < 2) return { redelivered: 0, twice: 0 };
  const [first, ...again] = [...times].sort((a, b) => a - b);
  const kill = killedAt.find((k) => first - k <= ACCEPTED_AFTER_KILL_MS && k - first <= REDELIVERY_WINDOW_MS);
  const redelivered = kill === undefined ? 0 : again.filter((t) => t > kill + ACCEPTED_AFTER_KILL_MS).length;
  return redelivered === 1 ? { redelivered, twice: again.length - 1 } : { redelivered: 0, twice: again.length };
}

export interface CheckResult {
  lost: number;
  duplicated: number;
  /** Work done later than the bound allows (deadline submissions). */
  late: number;
  details: string[];
}

/**
 * What must hold after a fault: every acknowledged save stored (value and revision), every attempt past its
 * deadline submitted exactly once (one attempt.submitted event), every mail in the outbox delivered exactly once
 * (by Message-ID) and every sent feedback received once by its candidate, every passed feedback moment noticed.
 */
export async function runChecks(input: CheckInput): Promise<CheckResult> {
  const { db, sink } = input;
  const details: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let late = 0;
  const now = input.at;

  // Answers: the stored row has at least the acknowledged revision, and the acknowledged value if no later save landed.
  const ids = input.candidates.map((c) => c.invitationId);
  const stored = await db.query<{ invitation_id: string; question_key: string; value: string; revision: number }>(
    'SELECT invitation_id, question_key, value, revision FROM answers WHERE invitation_id = ANY($1)',
    [ids],
  );
  const byKey = new Map(stored.rows.map((r) => [`${r.invitation_id}/${r.question_key}`, r]));
  let acked = 0;
  let answersLost = 0;
  for (const c of input.candidates) {
    for (const [key, ack] of c.acked) {
      acked += 1;
      const row = byKey.get(`${c.invitationId}/${key}`);
      if (!row || row.revision < ack.revision || (row.revision === ack.revision && row.value !== ack.value))
        answersLost += 1;
    }
  }
  lost += answersLost;
  details.push(`answers: ${acked} acknowledged latest saves checked, ${answersLost} not stored as acknowledged`);

  // Attempts: one attempt.submitted per attempt whose deadline + grace passed.
  const attempts = await db.query<{
    id: string;
    status: string;
    cutoff: Date | null;
    processed: Date | null;
    submitted_by: string | null;
    events: number;
  }>(
    `SELECT i.id, i.status, i.deadline + make_interval(secs => $2) AS cutoff, i.submit_processed_at AS processed, i.submitted_by,
            (SELECT count(*)::int FROM events e WHERE e.invitation_id = i.id AND e.type = 'attempt.submitted') AS events
       FROM invitations i WHERE i.id = ANY($1)`,
    [ids, input.graceSeconds],
  );
  let due = 0;
  let missing = 0;
  let twice = 0;
  let byDeadline = 0;
  let maxLateness = 0;
  const submittedAck = new Set(input.candidates.filter((c) => c.submittedAck).map((c) => c.invitationId));
  for (const a of attempts.rows) {
    const isDue = (a.cutoff && a.cutoff.getTime() <= now) || submittedAck.has(a.id);
    if (a.events > 1) twice += a.events - 1;
    if (!isDue) continue;
    due += 1;
    if (a.events === 0) missing += 1;
    if (a.submitted_by === 'deadline' && a.cutoff && a.processed) {
      byDeadline += 1;
      const lateness = a.processed.getTime() - a.cutoff.getTime();
      maxLateness = Math.max(maxLateness, lateness);
      // Due before the repair: owed within the bound after it; due after: within the bound of its cutoff.
      if (a.processed.getTime() > Math.max(a.cutoff.getTime(), input.repairedAt) + input.boundMs) late += 1;
    }
  }
  lost += missing;
  duplicated += twice;
  details.push(
    `attempts: ${due} past deadline or submitted (${byDeadline} by the deadline, latest ${(maxLateness / 1000).toFixed(1)} s after deadline + grace), ` +
      `${missing} never submitted, ${twice} submitted twice`,
  );

  // Outbox: every message sent, and received by the sink exactly once (Message-ID is <outbox id@candor>).
  const received = new Map<string, number[]>();
  for (const mail of sink.received) received.set(mail.messageId, [...(received.get(mail.messageId) ?? []), mail.at]);
  const outbox = await db.query<{ id: string; status: string; dedupe_key: string }>(
    'SELECT id, status, dedupe_key FROM outbox_messages WHERE created_at <= $1',
    [new Date(now)],
  );
  let unsent = 0;
  let unreceived = 0;
  let mailTwice = 0;
  let redelivered = 0;
  const twiceDetails: string[] = [];
  const redeliveredIds = new Set<string>();
  for (const m of outbox.rows) {
    const times = received.get(`${m.id}@candor`) ?? [];
    if (m.status !== 'sent') unsent += 1;
    else if (times.length === 0) unreceived += 1;
    const extra = extraCopies(times, input.killedAt);
    mailTwice += extra.twice;
    if (extra.twice > 0) {
      // Enough to tell what happened: the copies' times against the row's kills.
      const at = (t: number) => `${((t - Math.min(...times)) / 1000).toFixed(2)} s`;
      twiceDetails.push(
        `${m.dedupe_key} copies at +${times.map(at).join(', +')}; kills at ${input.killedAt.map(at).join(', ') || 'none'}`,
      );
    }
    redelivered += extra.redelivered;
    if (extra.redelivered > 0) redeliveredIds.add(`${m.id}@candor`);
  }
  lost += unsent + unreceived;
  duplicated += mailTwice;
  const kinds = new Map<string, number>();
  for (const m of outbox.rows) kinds.set(m.dedupe_key.split(':')[0], (kinds.get(m.dedupe_key.split(':')[0]) ?? 0) + 1);
  details.push(
    `mail: ${outbox.rows.length} outbox messages (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}), ${unsent} not sent, ` +
      `${unreceived} sent but not received, ${mailTwice} received twice` +
      (redelivered > 0 ? `, ${redelivered} sent again after their sender was killed in the instant of acceptance` : ''),
  );
  for (const line of twiceDetails) details.push(`received twice: ${line}`);

  // Feedback: every sent feedback reached its candidate once; every acknowledged completion is stored.
  const feedback = await db.query<{ id: string; email: string; status: string }>(
    `SELECT id, candidate_email AS email, status FROM invitations WHERE status = 'feedback_sent' OR id = ANY($1)`,
    [[...input.reviewers.flatMap((r) => [...r.completed])]],
  );
  let feedbackSent = 0;
  let feedbackMissing = 0;
  let feedbackTwice = 0;
  let completionLost = 0;
  const ackedCompletions = new Set(input.reviewers.flatMap((r) => [...r.completed]));
  for (const f of feedback.rows) {
    if (ackedCompletions.has(f.id) && f.status !== 'feedback_sent') completionLost += 1;
    if (f.status !== 'feedback_sent') continue;
    feedbackSent += 1;
    // A redelivery across a kill (above) is one mail with one Message-ID, not a second feedback.
    const copies = sink.received.filter((m) => m.to.includes(f.email) && /^Your feedback:/.test(m.subject));
    const redeliveries = new Set(copies.filter((m) => redeliveredIds.has(m.messageId)).map((m) => m.messageId));
    const count = copies.length - redeliveries.size;
    if (count === 0) feedbackMissing += 1;
    if (count > 1) feedbackTwice += count - 1;
  }
  lost += feedbackMissing + completionLost;
  duplicated += feedbackTwice;
  details.push(
    `feedback: ${ackedCompletions.size} completions acknowledged, ${feedbackSent} sent; ${completionLost} acknowledged but not stored, ` +
      `${feedbackMissing} candidates without their feedback email, ${feedbackTwice} extra copies`,
  );

  // Feedback-window notices: every passed moment noticed; a reminder's mails match the recipients it recorded.
  const left = await outstanding(db, new Date(now), input.graceSeconds);
  const notices = await db.query<{ kind: string; n: number }>(
    'SELECT kind, count(*)::int AS n FROM feedback_notices GROUP BY kind ORDER BY kind',
  );
  const reminderMails = await db.query<{ short: number; extra: number }>(
    `SELECT coalesce(sum(greatest(0, (e.data->>'recipients')::int - m.n)), 0)::int AS short,
            coalesce(sum(greatest(0, m.n - (e.data->>'recipients')::int)), 0)::int AS extra
       FROM events e
       CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM outbox_messages o
                            WHERE o.dedupe_key LIKE 'feedback-notice:' || e.invitation_id || ':' || substr(e.type, 10) || ':%') m
      WHERE e.type IN ('feedback.reminder_50', 'feedback.reminder_90')`,
  );
  const noticeEventsTwice = await db.query<{ n: number }>(
    `SELECT coalesce(sum(n - 1), 0)::int AS n FROM (SELECT count(*)::int AS n FROM events
      WHERE type IN ('feedback.reminder_50', 'feedback.reminder_90', 'feedback.breached') GROUP BY invitation_id, type) t`,
  );
  lost += left.notices + reminderMails.rows[0].short;
  duplicated += reminderMails.rows[0].extra + noticeEventsTwice.rows[0].n;
  details.push(
    `notices: ${notices.rows.map((r) => `${r.n} ${r.kind}`).join(', ') || 'none'}; ${left.notices} passed moments without a notice, ` +
      `${reminderMails.rows[0].short} reminder mails missing, ${noticeEventsTwice.rows[0].n + reminderMails.rows[0].extra} twice`,
  );
  if (left.attempts > 0 || left.mails > 0) details.push(`still outstanding: ${JSON.stringify(left)}`);

  const unexpected = [
    ...input.candidates.flatMap((c) => c.unexpected),
    ...input.reviewers.flatMap((r) => r.unexpected),
  ];
  if (unexpected.length > 0)
    details.push(`unexpected answers (${unexpected.length}): ${[...new Set(unexpected)].slice(0, 5).join('; ')}`);
  return { lost, duplicated, late, details };
}
