import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Invitation } from '../invitations/invitation.entity.js';
import { Feedback } from './feedback.entity.js';
import { FeedbackNotice, type FeedbackNoticeKind } from './feedback-notice.entity.js';
import { type RubricCriterion, type SentText } from './feedback-rules.js';
import { NEAR_COPY_BANDS, nearCopyBands } from './near-copy-bands.js';
import { NOTICE_SCHEDULE } from './feedback-schedule.js';
import { Review } from './review.entity.js';

export interface SubmissionQuestion {
  key: string;
  /** Markdown, as the candidate saw it. */
  prompt: string;
  type: string;
  options?: string[];
  required: boolean;
}

/** What a reviewer may see of a submission: the work, never who did it. */
export interface SubmissionContent {
  assessment: { title: string; roleTitle: string };
  rubric: RubricCriterion[];
  /** The readings the candidate had (Markdown), so the reviewer knows what they were told. */
  readings: { title: string; body: string }[];
  questions: SubmissionQuestion[];
  answers: Record<string, { value: string; savedAt: Date; revision: number }>;
  startedAt: Date | null;
  submittedAt: Date;
  /** `candidate` or `deadline` (auto-submitted). */
  submittedBy: string;
  /** Whole minutes from start to submission (an auto-submission counts up to the deadline). */
  minutesUsed: number | null;
  /** What this candidate had: the assessment's limit plus accommodation and extensions. */
  timeLimitMinutes: number;
  feedbackDueAt: Date;
  /** The assessment version's minimum number of anchored comments. */
  minAnchoredComments: number;
}

interface Section {
  kind: string;
  title?: string;
  body?: string;
  key?: string;
  prompt?: string;
  type?: string;
  options?: string[];
  required?: boolean;
}

const BATCH = 200;
/** Candidates below this trigram similarity are not sent back: the rule (NEAR_COPY_SIMILARITY) refuses none of them. */
const CANDIDATE_SIMILARITY = 0.5;
const NEAREST_PER_TEXT = 3;

/**
 * For each probe ($1: folded texts; $4: their bands, NEAR_COPY_BANDS per probe, in order), the closest texts
 * sent for other submissions ($2: this one) by any reviewer that share a band with it (GIN index on
 * feedback_texts.bands); `mine` when sent by $3. Exported for the benchmark.
 */
export const SENT_TEXTS_LIKE_SQL = `
  SELECT DISTINCT t.folded, t.reviewer_id = $3 AS mine
    FROM unnest($1::text[]) WITH ORDINALITY AS q(folded, n)
    CROSS JOIN LATERAL (
      SELECT f.folded, f.reviewer_id FROM feedback_texts f
       WHERE f.bands && ($4::bigint[])[(q.n - 1) * ${NEAR_COPY_BANDS} + 1 : q.n * ${NEAR_COPY_BANDS}]
         AND f.invitation_id <> $2
         AND similarity(f.folded, q.folded) >= ${CANDIDATE_SIMILARITY}
       ORDER BY similarity(f.folded, q.folded) DESC
       LIMIT ${NEAREST_PER_TEXT}
    ) t`;

/** The review feature's named queries; services never build SQL of their own. */
@Injectable()
export class ReviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Serialises one reviewer's claims and completions (the active-claim limit, the copy rule) and deactivation.
   * False when the account is deactivated (or gone).
   */
  async lockReviewer(m: EntityManager, reviewerId: string): Promise<boolean> {
    const rows = (await m.query(`SELECT active FROM users WHERE id = $1 FOR UPDATE`, [reviewerId])) as { active: boolean }[];
    return rows[0]?.active === true;
  }

  countActive(m: EntityManager, reviewerId: string): Promise<number> {
    return m.countBy(Review, { reviewerId, status: 'active' });
  }

  /** The most urgent unclaimed submission, locked; rows another claim holds are skipped, never waited for. */
  lockQueueHead(m: EntityManager): Promise<Invitation | null> {
    return m
      .createQueryBuilder(Invitation, 'i')
      .where(`i.status = 'submitted'`)
      .orderBy('i.feedbackDueAt', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .limit(1)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getOne();
  }

  /** Every change to a submission's review state locks its invitation first: one lock order, no deadlocks. */
  lockInvitation(m: EntityManager, id: string): Promise<Invitation | null> {
    return m.findOne(Invitation, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findInvitation(id: string): Promise<Invitation | null> {
    return this.dataSource.manager.findOneBy(Invitation, { id });
  }

  findReview(m: EntityManager, id: string): Promise<Review | null> {
    return m.findOneBy(Review, { id });
  }

  findReviewById(id: string): Promise<Review | null> {
    return this.findReview(this.dataSource.manager, id);
  }

  findActiveByReviewer(reviewerId: string): Promise<Review[]> {
    return this.dataSource.manager.find(Review, { where: { reviewerId, status: 'active' }, order: { claimedAt: 'ASC' } });
  }

  findActiveForInvitation(m: EntityManager, invitationId: string): Promise<Review | null> {
    return m.findOneBy(Review, { invitationId, status: 'active' });
  }

  async submissionContent(invitationId: string, m: EntityManager = this.dataSource.manager): Promise<SubmissionContent> {
    const [row] = (await m.query(
      `SELECT v.title, v.role_title, v.sections, v.rubric, v.min_anchored_comments, i.started_at, i.submitted_at, i.submitted_by, i.feedback_due_at,
              i.time_limit_minutes + i.extra_minutes + i.extension_minutes AS total_minutes
         FROM invitations i JOIN assessment_versions v ON v.id = i.assessment_version_id
        WHERE i.id = $1`,
      [invitationId],
    )) as {
      title: string;
      role_title: string;
      sections: Section[];
      rubric: RubricCriterion[];
      min_anchored_comments: number;
      started_at: Date | null;
      submitted_at: Date;
      submitted_by: string;
      feedback_due_at: Date;
      total_minutes: number;
    }[];
    const answers = (await m.query(`SELECT question_key, value, saved_at, revision FROM answers WHERE invitation_id = $1`, [invitationId])) as {
      question_key: string;
      value: string;
      saved_at: Date;
      revision: number;
    }[];
    return {
      assessment: { title: row.title, roleTitle: row.role_title },
      rubric: row.rubric,
      readings: row.sections.filter((s) => s.kind === 'reading').map((s) => ({ title: s.title ?? '', body: s.body ?? '' })),
      questions: row.sections
        .filter((s) => s.kind === 'question')
        .map((s) => ({ key: s.key!, prompt: s.prompt!, type: s.type!, ...(s.options ? { options: s.options } : {}), required: s.required ?? false })),
      answers: Object.fromEntries(answers.map((a) => [a.question_key, { value: a.value, savedAt: a.saved_at, revision: a.revision }])),
      startedAt: row.started_at,
      submittedAt: row.submitted_at,
      submittedBy: row.submitted_by,
      minutesUsed: row.started_at && row.submitted_at ? Math.round((row.submitted_at.getTime() - row.started_at.getTime()) / 60_000) : null,
      timeLimitMinutes: row.total_minutes,
      feedbackDueAt: row.feedback_due_at,
      minAnchoredComments: row.min_anchored_comments,
    };
  }

  /**
   * Texts sent for other submissions (by any reviewer) that share a MinHash band with any of `folded` and come
   * close in trigram similarity: candidates for the near-copy rule, which makes the final call in
   * feedback-rules.ts (its threshold is above the one here, so nothing it would refuse is missed).
   */
  async sentTextsLike(m: EntityManager, folded: readonly string[], exceptInvitationId: string, reviewerId: string): Promise<SentText[]> {
    const probes = folded.filter((f) => f !== '');
    if (probes.length === 0) return [];
    return (await m.query(SENT_TEXTS_LIKE_SQL, [probes, exceptInvitationId, reviewerId, probes.flatMap(nearCopyBands)])) as SentText[];
  }

  /** Which of these sentence fingerprints were already sent to other candidates. */
  async recurringSentences(m: EntityManager, fingerprints: readonly string[], exceptInvitationId: string): Promise<Set<string>> {
    if (fingerprints.length === 0) return new Set();
    const rows = (await m.query(
      `SELECT DISTINCT fingerprint FROM feedback_sentences WHERE fingerprint = ANY($1::text[]) AND invitation_id <> $2`,
      [fingerprints, exceptInvitationId],
    )) as { fingerprint: string }[];
    return new Set(rows.map((r) => r.fingerprint));
  }

  /** Makes a delivered feedback's texts and sentences count for the copy and boilerplate rules from now on. */
  async indexFeedback(m: EntityManager, invitationId: string, reviewerId: string, texts: readonly { field: string; folded: string }[], fingerprints: readonly string[]): Promise<void> {
    await m.query(
      `INSERT INTO feedback_texts (invitation_id, field, reviewer_id, folded, bands)
       SELECT $1::uuid, field, $2::uuid, folded, bands FROM jsonb_to_recordset($3::jsonb) AS t(field text, folded text, bands bigint[])`,
      [invitationId, reviewerId, JSON.stringify(texts.map((t) => ({ ...t, bands: nearCopyBands(t.folded) })))],
    );
    await m.query(`INSERT INTO feedback_sentences (fingerprint, invitation_id) SELECT DISTINCT unnest($2::text[]), $1::uuid`, [invitationId, [...new Set(fingerprints)]]);
  }

  findFeedback(invitationId: string): Promise<Feedback | null> {
    return this.dataSource.manager.findOneBy(Feedback, { invitationId });
  }

  findNotice(invitationId: string, kind: FeedbackNoticeKind): Promise<FeedbackNotice | null> {
    return this.dataSource.manager.findOneBy(FeedbackNotice, { invitationId, kind });
  }

  /** True when this call recorded the notice; false when it had already happened (exactly once, across workers). */
  async insertNotice(m: EntityManager, invitationId: string, kind: FeedbackNoticeKind, now: Date, promisedAt: Date | null): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO feedback_notices (invitation_id, kind, sent_at, promised_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING kind`,
      [invitationId, kind, now, promisedAt],
    )) as unknown[];
    return rows.length === 1;
  }

  /** Submissions still waiting for feedback whose `kind` moment has passed and whose notice has not happened. */
  async dueForNotice(kind: FeedbackNoticeKind, now: Date): Promise<string[]> {
    const { fraction, afterHours } = NOTICE_SCHEDULE[kind];
    const rows = (await this.dataSource.query(
      `SELECT i.id FROM invitations i
        WHERE i.status IN ('submitted', 'in_review')
          AND i.submitted_at + (i.feedback_due_at - i.submitted_at) * $1::float8 + make_interval(hours => $2) <= $3
          AND NOT EXISTS (SELECT 1 FROM feedback_notices n WHERE n.invitation_id = i.id AND n.kind = $4)
        ORDER BY i.feedback_due_at
        LIMIT ${BATCH}`,
      [fraction, afterHours, now, kind],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async expiredLeases(now: Date): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM reviews WHERE status = 'active' AND lease_expires_at <= $1 ORDER BY lease_expires_at LIMIT ${BATCH}`,
      [now],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async queueStatus(): Promise<{ depth: number; nearestFeedbackDueAt: Date | null }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS depth, min(feedback_due_at) AS nearest FROM invitations WHERE status = 'submitted'`,
    )) as { depth: number; nearest: Date | null }[];
    return { depth: row.depth, nearestFeedbackDueAt: row.nearest };
  }
}
