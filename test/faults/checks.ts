import type pg from 'pg';
import { type MailSink } from './mail-sink.js';
import { type Candidate } from './candidates.js';
import { type Reviewer } from './reviewers.js';
import { type WebhookSink } from './webhook-sink.js';

/** Work that was due by `at` and is not done: the sweep and the jobs owe it. */
export interface Outstanding {
  /** Started attempts past deadline + grace, not submitted. */
  attempts: number;
  /** Feedback-window moments (50 %, 90 %, deadline) passed without their notice. */
  notices: number;
  /** Outbox mails not sent. */
  mails: number;
  /** Outbound deliveries (webhooks) pending whose time has come. */
  deliveries: number;
}

export const nothingOutstanding = (o: Outstanding): boolean =>
  o.attempts === 0 && o.notices === 0 && o.mails === 0 && o.deliveries === 0;

export async function outstanding(db: pg.Pool, at: Date, graceSeconds: number): Promise<Outstanding> {
  const { rows } = await db.query<Outstanding>(
    `SELECT
       (SELECT count(*)::int FROM invitations WHERE status = 'started' AND deadline + make_interval(secs => $2) <= $1) AS attempts,
       (SELECT count(*)::int FROM invitations i
          CROSS JOIN (VALUES ('reminder_50', 0.5), ('reminder_90', 0.9), ('breach', 1.0)) AS k(kind, fraction)
         WHERE i.status IN ('submitted', 'in_review')
           AND i.submitted_at + (i.feedback_due_at - i.submitted_at) * k.fraction <= $1
           AND NOT EXISTS (SELECT 1 FROM feedback_notices n WHERE n.invitation_id = i.id AND n.kind = k.kind)) AS notices,
       (SELECT count(*)::int FROM outbox_messages WHERE status <> 'sent' AND created_at <= $1) AS mails,
       (SELECT count(*)::int FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1) AS deliveries`,
    [at, graceSeconds],
  );
  return rows[0];
}

export interface CheckInput {
  /** The instant checked (epoch ms): everything due by then must be done. */
  at: number;
  db: pg.Pool;
  sink: MailSink;
  /** The webhook sink, the row's path tag there and the row's webhook id. */
  webhooks: { sink: WebhookSink; tag: string; id: string };
  graceSeconds: number;
  candidates: Candidate[];
  reviewers: Reviewer[];
  /** When the fault was repaired (epoch ms): work due before it may be late by up to `boundMs` after it. */
  repairedAt: number;
  boundMs: number;
  /** When a process that sends mail and deliveries was killed (SIGKILL, power cut), epoch ms. */
  killedAt: readonly number[];
}

/**
 * How close before a kill a mail's first acceptance must be for its second copy to count as a redelivery: the
 * sink accepted it, but the sender died before it heard the 250 or recorded the mail as sent, so the outbox sends
 * it again (at least once, by design; the same Message-ID lets a receiver drop the copy). Covers the sink's
 * latency, the 250 on the wire and the outbox's update. Webhook deliveries follow the same rule (the 200, the
 * attempt's record and the body's id in place of the 250, the outbox's update and the Message-ID).
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
  /** What the service sent that no receiver should get (bad signature, out of order): a failure, as the row's unexpected answers. */
  unexpected: string[];
}

/**
 * What must hold after a fault: every acknowledged save stored (value and revision), every attempt past its
 * deadline submitted exactly once (one attempt.submitted event), every mail in the outbox delivered exactly once
 * (by Message-ID) and every sent feedback received once by its candidate, every passed feedback moment noticed.
 */
export async function runChecks(input: CheckInput): Promise<CheckResult> {
  const { db, sink } = input;
  const details: string[] = [];
  const unexpectedSends: string[] = [];
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
  if (left.attempts > 0 || left.mails > 0 || left.deliveries > 0)
    details.push(`still outstanding: ${JSON.stringify(left)}`);

  const hooks = await checkWebhooks(input);
  lost += hooks.lost;
  duplicated += hooks.duplicated;
  details.push(...hooks.details);
  unexpectedSends.push(...hooks.unexpected);

  const unexpected = [
    ...input.candidates.flatMap((c) => c.unexpected),
    ...input.reviewers.flatMap((r) => r.unexpected),
  ];
  if (unexpected.length > 0)
    details.push(`unexpected answers (${unexpected.length}): ${[...new Set(unexpected)].slice(0, 5).join('; ')}`);
  return { lost, duplicated, late, details, unexpected: unexpectedSends };
}

/** The recorded event each webhook event is made from (the contract's table): every one of them owes a delivery. */
const WEBHOOK_EVENT_SOURCES: Record<string, string> = {
  'invitation.started': 'attempt.started',
  'submission.created': 'attempt.submitted',
  'review.claimed': 'review.claimed',
  'feedback.sent': 'feedback.sent',
  'feedback.overdue': 'feedback.breached',
  'invitation.expired': 'invitation.expired',
  'invitation.withdrawn': 'invitation.withdrawn',
};

interface DeliveryRow {
  id: string;
  seq: string;
  status: string;
  event: string;
  invitation_id: string | null;
  body: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
}

/**
 * Webhooks: every event the row's webhook asked for has its delivery (written in the event's transaction); every
 * delivery owed by the instant checked was delivered and its body's id received by the sink, once (a redelivery
 * across a kill aside, as for mail); within each invitation, first arrivals follow the deliveries' order (seq);
 * every request was signed with the webhook's secret.
 */
async function checkWebhooks(
  input: CheckInput,
): Promise<{ lost: number; duplicated: number; details: string[]; unexpected: string[] }> {
  const { db } = input;
  const { sink, tag, id: webhookId } = input.webhooks;
  const details: string[] = [];
  const unexpected: string[] = [];
  const all = await db.query<DeliveryRow>(
    `SELECT id, seq::text AS seq, status, event, invitation_id, body, attempts, last_error, next_attempt_at, created_at
       FROM deliveries WHERE target = 'webhook' AND target_id = $1 ORDER BY seq`,
    [webhookId],
  );
  // One snapshot: an event and its delivery commit together, so any difference is a delivery missing or extra.
  const pairs = await db.query<{ missing: number; extra: number }>(
    `WITH map AS (SELECT * FROM unnest($2::text[], $3::text[]) AS m(source, event)),
          ev AS (SELECT coalesce(e.invitation_id::text, '') AS inv, m.event, count(*)::int AS n
                   FROM events e JOIN map m ON m.source = e.type GROUP BY 1, 2),
          dl AS (SELECT coalesce(invitation_id::text, '') AS inv, event, count(*)::int AS n
                   FROM deliveries WHERE target = 'webhook' AND target_id = $1 GROUP BY 1, 2)
     SELECT coalesce(sum(greatest(0, coalesce(ev.n, 0) - coalesce(dl.n, 0))), 0)::int AS missing,
            coalesce(sum(greatest(0, coalesce(dl.n, 0) - coalesce(ev.n, 0))), 0)::int AS extra
       FROM ev FULL JOIN dl ON ev.inv = dl.inv AND ev.event = dl.event`,
    [webhookId, Object.values(WEBHOOK_EVENT_SOURCES), Object.keys(WEBHOOK_EVENT_SOURCES)],
  );
  const { missing: withoutDelivery, extra: withoutEvent } = pairs.rows[0];

  const got = sink.receivedFor(tag);
  const times = new Map<string, number[]>();
  const firstIndex = new Map<string, number>();
  got.forEach((d, i) => {
    times.set(d.id, [...(times.get(d.id) ?? []), d.at]);
    if (!firstIndex.has(d.id)) firstIndex.set(d.id, i);
  });
  const bodyId = (d: DeliveryRow): string => {
    try {
      const id = (JSON.parse(d.body ?? '') as { id?: unknown }).id;
      return typeof id === 'string' ? id : '';
    } catch {
      return '';
    }
  };
  const byBodyId = new Map(all.rows.map((d) => [bodyId(d), d]));
  for (const d of all.rows) if (!bodyId(d)) unexpected.push(`delivery ${d.id}: stored body without an id`);

  const owed = all.rows.filter((d) => d.created_at.getTime() <= input.at);
  let notDelivered = 0;
  let unreceived = 0;
  let twice = 0;
  let redelivered = 0;
  const problems: string[] = [];
  for (const d of owed) {
    const copies = times.get(bodyId(d)) ?? [];
    if (d.status !== 'delivered') {
      notDelivered += 1;
      problems.push(
        `not delivered: ${d.event} ${d.id} ${d.status} after ${d.attempts} attempts` +
          `${d.last_error ? ` (${d.last_error.slice(0, 120)})` : ''}, next try ${((d.next_attempt_at.getTime() - input.at) / 1000).toFixed(1)} s after the check`,
      );
    } else if (copies.length === 0) {
      unreceived += 1;
      problems.push(`delivered but never received: ${d.event} ${d.id}`);
    }
    const extra = extraCopies(copies, input.killedAt);
    twice += extra.twice;
    redelivered += extra.redelivered;
    if (extra.twice > 0) {
      const at = (t: number) => `${((t - Math.min(...copies)) / 1000).toFixed(2)} s`;
      problems.push(
        `received twice: ${d.event} ${d.id} copies at +${copies.map(at).join(', +')}; kills at ${input.killedAt.map(at).join(', ') || 'none'}; ` +
          `${d.attempts} attempts recorded`,
      );
    }
  }

  // What arrived must be what was stored: a known id, with the stored event and invitation.
  for (const r of got) {
    const d = byBodyId.get(r.id);
    if (!d) unexpected.push(`webhook received body id ${r.id} (${r.type}) that no delivery of the webhook has`);
    else if (r.type !== d.event || r.invitationId !== d.invitation_id)
      unexpected.push(`webhook received ${r.type} for ${r.invitationId} as body of ${d.event} for ${d.invitation_id}`);
  }
  for (const r of sink.refusedFor(tag)) unexpected.push(`webhook sink refused a request: ${r.reason}`);

  // Order: within one invitation (one order key: this webhook and that invitation), first arrivals follow seq.
  const orders = new Map<string, DeliveryRow[]>();
  for (const d of owed) if (d.invitation_id) orders.set(d.invitation_id, [...(orders.get(d.invitation_id) ?? []), d]);
  let outOfOrder = 0;
  for (const [invitationId, list] of orders) {
    list.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    let latest: DeliveryRow | null = null;
    for (const d of list) {
      const index = firstIndex.get(bodyId(d));
      if (index === undefined) continue;
      if (latest && index < firstIndex.get(bodyId(latest))!) {
        outOfOrder += 1;
        unexpected.push(
          `webhook out of order for invitation ${invitationId}: ${d.event} (seq ${d.seq}) first arrived before ${latest.event} (seq ${latest.seq})`,
        );
      } else latest = d;
    }
  }

  const kinds = new Map<string, number>();
  for (const d of owed) kinds.set(d.event, (kinds.get(d.event) ?? 0) + 1);
  const cutOff = sink.cutOff.get(tag) ?? 0;
  details.push(
    `webhooks: ${owed.length} deliveries (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}), ${notDelivered} not delivered, ` +
      `${unreceived} delivered but not received, ${twice} received twice, ${outOfOrder} out of order; ` +
      `${withoutDelivery} events without their delivery, ${withoutEvent} deliveries without their event` +
      (redelivered > 0
        ? `; ${redelivered} sent again after their sender was killed in the instant of acceptance`
        : '') +
      (cutOff > 0 ? `; ${cutOff} requests cut off by a kill before the answer (sent again)` : ''),
  );
  for (const line of problems.slice(0, 10)) details.push(`webhook ${line}`);
  if (problems.length > 10) details.push(`webhook: ${problems.length - 10} more like these`);
  if (unexpected.length > 0)
    details.push(`webhook problems (${unexpected.length}): ${unexpected.slice(0, 5).join('; ')}`);
  return {
    lost: notDelivered + unreceived + withoutDelivery,
    duplicated: twice + withoutEvent,
    details,
    unexpected,
  };
}
