import { DomainError } from '../common/errors/domain-error.js';
import { type RatingStage } from './candidate-rating.js';

export class RatingNotOpenError extends DomainError {
  constructor(stage: RatingStage) {
    super(
      'RATING.NOT_OPEN',
      stage === 'after_submit'
        ? 'You can rate the test once you have submitted it.'
        : 'You can rate the feedback once it has been sent to you.',
    );
  }
}
