import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { Clock } from '../common/clock/clock.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import {
  checkRatingShape,
  isRatingStageOpen,
  normaliseRatingComment,
  type CandidateRatingView,
  type RatingStage,
} from './candidate-rating.js';
import { RatingNotOpenError } from './candidate-rating.errors.js';
import { CandidateRatingsRepository } from './candidate-ratings.repository.js';
import { type CandidateRatingDto } from './dto/candidate-rating.dto.js';

@Injectable()
export class CandidateRatingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ratings: CandidateRatingsRepository,
    private readonly invitations: InvitationsService,
    private readonly clock: Clock,
  ) {}

  /** Idempotent: a repeated rating of a stage returns the one already stored. 409 before the stage opens. */
  async rate(candidate: CandidateActor, dto: CandidateRatingDto): Promise<CandidateRatingView> {
    checkRatingShape(dto.stage, dto);
    const invitation = await this.invitations.findById(candidate.invitationId);
    // Race-free outside the insert's transaction: submittedAt and feedbackSentAt never go back to null once set.
    if (!invitation || !isRatingStageOpen(dto.stage, invitation)) throw new RatingNotOpenError(dto.stage);
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const stored = await this.ratings.insert(manager, {
        invitationId: candidate.invitationId,
        stage: dto.stage,
        length: dto.length ?? null,
        learning: dto.learning ?? null,
        feedbackUsefulness: dto.feedbackUsefulness ?? null,
        comment: normaliseRatingComment(dto.comment),
        now,
      });
      if (!stored) {
        // The stage was rated already: the first rating is kept and returned.
        const existing = await this.ratings.find(manager, candidate.invitationId, dto.stage);
        if (existing) return existing;
        throw new RatingNotOpenError(dto.stage);
      }
      // The stage only: the comment is the candidate's own words and stays out of events and logs.
      await this.invitations.recordEvent(
        manager,
        candidate.invitationId,
        'candidate.rated',
        { type: 'candidate', id: null },
        now,
        { stage: dto.stage },
      );
      return stored;
    });
  }

  /** The candidate's rating of a stage, or null when they have not rated it (the page shows a thank-you). */
  find(invitationId: string, stage: RatingStage): Promise<CandidateRatingView | null> {
    return this.ratings.find(this.db.manager, invitationId, stage);
  }

  /**
   * For an erasure, in its transaction: the candidate's comments are their own words and go; the ratings' numbers
   * are anonymous facts and stay (the metrics keep them).
   */
  eraseComments(manager: EntityManager, invitationIds: readonly string[]): Promise<number> {
    if (invitationIds.length === 0) return Promise.resolve(0);
    return this.ratings.clearComments(manager, invitationIds);
  }
}
