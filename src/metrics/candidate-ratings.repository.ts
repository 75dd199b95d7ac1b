import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type CandidateRatingView, type RatingStage } from './candidate-rating.js';

const COLUMNS = `stage, length, learning, feedback_usefulness AS "feedbackUsefulness", comment, created_at AS "createdAt"`;

@Injectable()
export class CandidateRatingsRepository {
  /**
   * Stores the rating when its stage is open (submitted; feedback sent) and none exists yet for the stage,
   * in one statement; null when it was not stored. The first rating of a stage is kept.
   */
  async insertIfOpen(
    manager: EntityManager,
    r: {
      invitationId: string;
      stage: RatingStage;
      length: number | null;
      learning: number | null;
      feedbackUsefulness: number | null;
      comment: string | null;
      now: Date;
    },
  ): Promise<CandidateRatingView | null> {
    const rows = await manager.query<CandidateRatingView[]>(
      `INSERT INTO candidate_ratings (invitation_id, stage, length, learning, feedback_usefulness, comment, created_at)
       SELECT i.id, $2, $3, $4, $5, $7, $6 FROM invitations i
       WHERE i.id = $1 AND CASE WHEN $2 = 'after_submit' THEN i.submitted_at IS NOT NULL ELSE i.feedback_sent_at IS NOT NULL END
       ON CONFLICT (invitation_id, stage) DO NOTHING
       RETURNING ${COLUMNS}`,
      [r.invitationId, r.stage, r.length, r.learning, r.feedbackUsefulness, r.now, r.comment],
    );
    return rows[0] ?? null;
  }

  async find(manager: EntityManager, invitationId: string, stage: RatingStage): Promise<CandidateRatingView | null> {
    const rows = await manager.query<CandidateRatingView[]>(
      `SELECT ${COLUMNS} FROM candidate_ratings WHERE invitation_id = $1 AND stage = $2`,
      [invitationId, stage],
    );
    return rows[0] ?? null;
  }
}
