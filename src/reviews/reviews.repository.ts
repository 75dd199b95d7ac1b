import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Feedback } from './feedback.entity.js';
import { FeedbackNotice, type FeedbackNoticeKind, type NoticeKind } from './feedback-notice.entity.js';
import { type SentText } from './feedback-rules.js';
import { NEAR_COPY_BANDS, nearCopyBands } from './near-copy-bands.js';
import { Review } from './review.entity.js';

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

  countActive(m: EntityManager, reviewerId: string): Promise<number> {
    return m.countBy(Review, { reviewerId, status: 'active' });
  }

  findReview(m: EntityManager, id: string): Promise<Review | null> {
    return m.findOneBy(Review, { id });
  }

  findReviewById(id: string): Promise<Review | null> {
    return this.findReview(this.dataSource.manager, id);
  }

  findActiveByReviewer(reviewerId: string): Promise<Review[]> {
    return this.dataSource.manager.find(Review, {
      where: { reviewerId, status: 'active' },
      order: { claimedAt: 'ASC' },
    });
  }

  findActiveForInvitation(m: EntityManager, invitationId: string): Promise<Review | null> {
    return m.findOneBy(Review, { invitationId, status: 'active' });
  }

  /**
   * Texts sent for other submissions (by any reviewer) that share a MinHash band with any of `folded` and come
   * close in trigram similarity: candidates for the near-copy rule, which makes the final call in
   * feedback-rules.ts (its threshold is above the one here, so nothing it would refuse is missed).
   */
  async sentTextsLike(
    m: EntityManager,
    folded: readonly string[],
    exceptInvitationId: string,
    reviewerId: string,
  ): Promise<SentText[]> {
    const probes = folded.filter((f) => f !== '');
    if (probes.length === 0) return [];
    return await m.query<SentText[]>(SENT_TEXTS_LIKE_SQL, [
      probes,
      exceptInvitationId,
      reviewerId,
      probes.flatMap(nearCopyBands),
    ]);
  }

  /** Which of these sentence fingerprints were already sent to other candidates. */
  async recurringSentences(
    m: EntityManager,
    fingerprints: readonly string[],
    exceptInvitationId: string,
  ): Promise<Set<string>> {
    if (fingerprints.length === 0) return new Set();
    const rows = await m.query<{ fingerprint: string }[]>(
      `SELECT DISTINCT fingerprint FROM feedback_sentences WHERE fingerprint = ANY($1::text[]) AND invitation_id <> $2`,
      [fingerprints, exceptInvitationId],
    );
    return new Set(rows.map((r) => r.fingerprint));
  }

  /** Makes a delivered feedback's texts and sentences count for the copy and boilerplate rules from now on. */
  async indexFeedback(
    m: EntityManager,
    invitationId: string,
    reviewerId: string,
    texts: readonly { field: string; folded: string }[],
    fingerprints: readonly string[],
  ): Promise<void> {
    await m.query(
      `INSERT INTO feedback_texts (invitation_id, field, reviewer_id, folded, bands)
       SELECT $1::uuid, field, $2::uuid, folded, bands FROM jsonb_to_recordset($3::jsonb) AS t(field text, folded text, bands bigint[])`,
      [invitationId, reviewerId, JSON.stringify(texts.map((t) => ({ ...t, bands: nearCopyBands(t.folded) })))],
    );
    await m.query(
      `INSERT INTO feedback_sentences (fingerprint, invitation_id) SELECT DISTINCT unnest($2::text[]), $1::uuid`,
      [invitationId, [...new Set(fingerprints)]],
    );
  }

  findFeedback(invitationId: string): Promise<Feedback | null> {
    return this.dataSource.manager.findOneBy(Feedback, { invitationId });
  }

  findNotice(invitationId: string, kind: FeedbackNoticeKind): Promise<FeedbackNotice | null> {
    return this.dataSource.manager.findOneBy(FeedbackNotice, { invitationId, kind });
  }

  /** True when this call recorded the notice; false when it had already happened (exactly once, across workers). */
  async insertNotice(
    m: EntityManager,
    invitationId: string,
    kind: NoticeKind,
    now: Date,
    promisedAt: Date | null,
  ): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `INSERT INTO feedback_notices (invitation_id, kind, sent_at, promised_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING kind`,
      [invitationId, kind, now, promisedAt],
    );
    return rows.length === 1;
  }

  /** Which of these submissions have had their `kind` notice already. */
  async noticed(kind: NoticeKind, invitationIds: readonly string[]): Promise<Set<string>> {
    if (invitationIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ invitation_id: string }[]>(
      `SELECT invitation_id FROM feedback_notices WHERE kind = $1 AND invitation_id = ANY($2::uuid[])`,
      [kind, invitationIds],
    );
    return new Set(rows.map((r) => r.invitation_id));
  }

  /** Reviews each reviewer completed from `since` on (the capacity forecast's pace). */
  async completedSince(since: Date): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ reviewer_id: string; n: number }[]>(
      `SELECT reviewer_id, count(*)::int AS n FROM reviews WHERE status = 'completed' AND ended_at >= $1
        GROUP BY reviewer_id`,
      [since],
    );
    return new Map(rows.map((r) => [r.reviewer_id, r.n]));
  }

  /** Whether any review was ever completed: before that, there is no pace to forecast with. */
  async anyCompleted(): Promise<boolean> {
    const [row] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM reviews WHERE status = 'completed') AS any`,
    );
    return row.any;
  }

  async expiredLeases(now: Date): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM reviews WHERE status = 'active' AND lease_expires_at <= $1 ORDER BY lease_expires_at LIMIT ${BATCH}`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Blanks the passages of the answers quoted by the comments of these submissions' drafts and delivered feedback
   * (erase_quotes: exact, prefix and suffix; offsets and the reviewer's words stay). The feedback's trigger allows
   * this one change, and only once the invitation is erased.
   */
  async eraseQuotes(m: EntityManager, invitationIds: readonly string[]): Promise<void> {
    await m.query(
      `UPDATE reviews SET draft = jsonb_set(draft, '{comments}', erase_quotes(draft -> 'comments'))
        WHERE invitation_id = ANY($1::uuid[]) AND jsonb_typeof(draft -> 'comments') = 'array'
          AND draft -> 'comments' <> erase_quotes(draft -> 'comments')`,
      [invitationIds],
    );
    await m.query(
      `UPDATE feedback SET comments = erase_quotes(comments)
        WHERE invitation_id = ANY($1::uuid[]) AND comments <> erase_quotes(comments)`,
      [invitationIds],
    );
  }
}
