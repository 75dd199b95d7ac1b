import { DomainError } from '../common/errors/domain-error.js';

export class AssessmentNotFoundError extends DomainError {
  constructor() {
    super('ASSESSMENT.NOT_FOUND', 'No such assessment.');
  }
}

export class AssessmentStateError extends DomainError {
  constructor(status: string, action: string) {
    super('ASSESSMENT.STATE_CONFLICT', `Cannot ${action} an assessment that is ${status}.`);
  }
}

export class AssessmentNotPublishedError extends DomainError {
  constructor() {
    super('ASSESSMENT.NOT_PUBLISHED', 'The assessment has no published version yet; publish it before inviting candidates.');
  }
}
