import { RequestValidationError } from '../common/errors/domain-error.js';

/** Mirrored by candidate_ratings_stage_check. */
export const RATING_STAGES = ['after_submit', 'after_feedback'] as const;
export type RatingStage = (typeof RATING_STAGES)[number];

export interface CandidateRatingView {
  stage: RatingStage;
  length: number;
  learning: number;
  feedbackUsefulness: number | null;
  createdAt: Date;
}

/** There is no feedback to judge after submitting (mirrored by candidate_ratings_usefulness_check). */
export function checkRatingShape(stage: RatingStage, feedbackUsefulness: number | undefined): void {
  if (stage === 'after_submit' && feedbackUsefulness !== undefined) {
    throw new RequestValidationError([{ field: 'feedbackUsefulness', message: 'feedbackUsefulness can only be given with stage after_feedback' }]);
  }
}
