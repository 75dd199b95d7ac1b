import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Invitation } from '../invitations/invitation.entity.js';
import { Feedback } from './feedback.entity.js';
import { FeedbackNotice, type FeedbackNoticeKind } from './feedback-notice.entity.js';
import { type RubricCriterion } from './feedback-rules.js';
import { NOTICE_SCHEDULE } from './feedback-schedule.js';
import { Review } from './review.entity.js';

export interface SubmissionQuestion {
  key: string;
  prompt: string;
  type: string;
  options?: string[];
}

/** What a reviewer may see of a submission: the work, never who did it. */
export interface SubmissionContent {
  assessment: { title: string; roleTitle: string };
  rubric: RubricCriterion[];
  questions: SubmissionQuestion[];
  answers: Record<string, { value: string; savedAt: Date; revision: number }>;
  submittedAt: Date;
  submittedBy: string;
  feedbackDueAt: Date;
}

interface Section {
  kind: string;
  key?: string;
  prompt?: string;
  type?: string;
  options?: string[];
}

const BATCH = 200;

/** The review feature's named queries; services never build SQL of their own. */
@Injectable()
export class ReviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Serialises one reviewer's claims and completions (the active-claim limit, the copy rule). */
  async lockReviewer(m: EntityManager, reviewerId: string): Promise<void> {
    await m.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [reviewerId]);
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
      `SELECT v.title, v.role_title, v.sections, v.rubric, i.submitted_at, i.submitted_by, i.feedback_due_at
         FROM invitations i JOIN assessment_versions v ON v.id = i.assessment_version_id
        WHERE i.id = $1`,
      [invitationId],
    )) as { title: string; role_title: string; sections: Section[]; rubric: RubricCriterion[]; submitted_at: Date; submitted_by: string; feedback_due_at: Date }[];
    const answers = (await m.query(`SELECT question_key, value, saved_at, revision FROM answers WHERE invitation_id = $1`, [invitationId])) as {
      question_key: string;
      value: string;
      saved_at: Date;
      revision: number;
    }[];
    return {
      assessment: { title: row.title, roleTitle: row.role_title },
      rubric: row.rubric,
      questions: row.sections
        .filter((s) => s.kind === 'question')
        .map((s) => ({ key: s.key!, prompt: s.prompt!, type: s.type!, ...(s.options ? { options: s.options } : {}) })),
      answers: Object.fromEntries(answers.map((a) => [a.question_key, { value: a.value, savedAt: a.saved_at, revision: a.revision }])),
      submittedAt: row.submitted_at,
      submittedBy: row.submitted_by,
      feedbackDueAt: row.feedback_due_at,
    };
  }

  async rubricOf(m: EntityManager, invitationId: string): Promise<RubricCriterion[]> {
    const [row] = (await m.query(
      `SELECT v.rubric FROM invitations i JOIN assessment_versions v ON v.id = i.assessment_version_id WHERE i.id = $1`,
      [invitationId],
    )) as { rubric: RubricCriterion[] }[];
    return row?.rubric ?? [];
  }

  /** What this reviewer already sent to other candidates (for the no-verbatim-copy rule). */
  previousFeedback(m: EntityManager, reviewerId: string, exceptInvitationId: string): Promise<Feedback[]> {
    return m
      .createQueryBuilder(Feedback, 'f')
      .where('f.reviewerId = :reviewerId AND f.invitationId <> :exceptInvitationId', { reviewerId, exceptInvitationId })
      .getMany();
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
