import { DomainError } from '../common/errors/domain-error.js';
import { type FieldError } from '../common/errors/problem-details.dto.js';

/** Unknown, or someone else's review: the same answer, so existence is never revealed. */
export class ReviewNotFoundError extends DomainError {
  constructor() {
    super('REVIEW.NOT_FOUND', 'No such review.');
  }
}

export class ReviewStateError extends DomainError {
  constructor(status: string, action: string) {
    super('REVIEW.STATE_CONFLICT', `Cannot ${action} a review that is ${status}.`);
  }
}

export class ReviewLimitError extends DomainError {
  constructor(maxActive: number) {
    super('REVIEW.TOO_MANY_ACTIVE', `You already hold ${maxActive} active claims; complete or release one first.`);
  }
}

export class FeedbackNotUsefulError extends DomainError {
  constructor(errors: FieldError[]) {
    super(
      'REVIEW.FEEDBACK_NOT_USEFUL',
      `The feedback is not ready to send: ${errors.map((e) => e.field).join(', ')}.`,
      errors,
    );
  }
}
