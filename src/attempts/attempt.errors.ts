import { DomainError } from '../common/errors/domain-error.js';

export class QuestionNotFoundError extends DomainError {
  constructor(key: string) {
    super('ATTEMPT.QUESTION_NOT_FOUND', `This assessment has no question "${key}".`);
  }
}
