import { RequestValidationError } from '../common/errors/domain-error.js';
import { type FieldError } from '../common/errors/problem-details.dto.js';
import { type RatingStage } from './candidate-rating.view.js';

export { CandidateRatingView, RATING_STAGES, type RatingStage } from './candidate-rating.view.js';

/** Mirrored by candidate_ratings_comment_check (char_length counts code points, as this limit does). */
export const RATING_COMMENT_MAX_CHARS = 2000;

export interface RatingScores {
  length?: number | null;
  learning?: number | null;
  feedbackUsefulness?: number | null;
}

/**
 * What each stage asks (mirrored by the candidate_ratings_*_check constraints): after submitting, the test's
 * length and what was learned, and no usefulness (there is no feedback to judge yet); after feedback, its
 * usefulness, with length and learning optional.
 */
export function checkRatingShape(stage: RatingStage, scores: RatingScores): void {
  const missing = (value: number | null | undefined): boolean => value === undefined || value === null;
  const errors: FieldError[] = [];
  if (stage === 'after_submit') {
    if (missing(scores.length)) errors.push({ field: 'length', message: 'length is required with stage after_submit' });
    if (missing(scores.learning))
      errors.push({ field: 'learning', message: 'learning is required with stage after_submit' });
    if (!missing(scores.feedbackUsefulness)) {
      errors.push({
        field: 'feedbackUsefulness',
        message: 'feedbackUsefulness can only be given with stage after_feedback',
      });
    }
  } else if (missing(scores.feedbackUsefulness)) {
    errors.push({ field: 'feedbackUsefulness', message: 'feedbackUsefulness is required with stage after_feedback' });
  }
  if (errors.length > 0) throw new RequestValidationError(errors);
}

/** The invitation's moments a stage waits for. */
export interface RatingMoments {
  submittedAt: Date | null;
  feedbackSentAt: Date | null;
}

/** A stage opens with its moment: after_submit once the attempt is submitted, after_feedback once feedback is sent. */
export function isRatingStageOpen(stage: RatingStage, moments: RatingMoments): boolean {
  return (stage === 'after_submit' ? moments.submittedAt : moments.feedbackSentAt) !== null;
}

/** The comment as stored: trimmed, and null when nothing is left. */
export function normaliseRatingComment(comment: string | null | undefined): string | null {
  const trimmed = comment?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
