import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { type CandidateActor } from '../attempts/candidate-auth.guard.js';
import { Clock } from '../common/clock/clock.js';
import { EventsService } from '../events/events.service.js';
import { checkRatingShape, type CandidateRatingView } from './candidate-rating.js';
import { RatingNotOpenError } from './candidate-rating.errors.js';
import { CandidateRatingsRepository } from './candidate-ratings.repository.js';
import { type CandidateRatingDto } from './dto/candidate-rating.dto.js';

@Injectable()
export class CandidateRatingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ratings: CandidateRatingsRepository,
    private readonly events: EventsService,
    private readonly clock: Clock,
  ) {}

  /** Idempotent: a repeated rating of a stage returns the one already stored. 409 before the stage opens. */
  rate(candidate: CandidateActor, dto: CandidateRatingDto): Promise<CandidateRatingView> {
    checkRatingShape(dto.stage, dto.feedbackUsefulness);
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const stored = await this.ratings.insertIfOpen(manager, {
        invitationId: candidate.invitationId,
        stage: dto.stage,
        length: dto.length,
        learning: dto.learning,
        feedbackUsefulness: dto.feedbackUsefulness ?? null,
        now,
      });
      if (!stored) {
        const existing = await this.ratings.find(manager, candidate.invitationId, dto.stage);
        if (existing) return existing;
        throw new RatingNotOpenError(dto.stage);
      }
      await this.events.record(manager, {
        aggregateType: 'invitation',
        aggregateId: candidate.invitationId,
        invitationId: candidate.invitationId,
        type: 'candidate.rated',
        actor: { type: 'candidate', id: null },
        occurredAt: now,
        data: { stage: dto.stage },
      });
      return stored;
    });
  }
}
