import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type CandidateRatingView, type RatingStage } from './candidate-rating.js';

const COLUMNS = `stage, length, learning, feedback_usefulness AS "feedbackUsefulness", comment, created_at AS "createdAt"`;

@Injectable()
export class CandidateRatingsRepository {
  /** Stores the rating unless the stage already has one (the first is kept); null when it was not stored. */
  async insert(
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
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (invitation_id, stage) DO NOTHING
       RETURNING ${COLUMNS}`,
      [r.invitationId, r.stage, r.length, r.learning, r.feedbackUsefulness, r.comment, r.now],
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

  /** Clears the comments of these invitations' ratings (the numbers stay); returns how many were cleared. */
  async clearComments(manager: EntityManager, invitationIds: readonly string[]): Promise<number> {
    const [, cleared] = await manager.query<[unknown, number]>(
      `UPDATE candidate_ratings SET comment = NULL WHERE invitation_id = ANY($1::uuid[]) AND comment IS NOT NULL`,
      [invitationIds],
    );
    return cleared;
  }
}
