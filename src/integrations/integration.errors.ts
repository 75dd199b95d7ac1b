import { DomainError } from '../common/errors/domain-error.js';

export class IntegrationKeyNotFoundError extends DomainError {
  constructor() {
    super('INTEGRATION.KEY_NOT_FOUND', 'No such integration key.');
  }
}

export class IntegrationUnauthorizedError extends DomainError {
  constructor() {
    super(
      'INTEGRATION.UNAUTHORIZED',
      'Send a valid integration key as the Basic auth user name, with an empty password.',
    );
  }
}

export class UnknownTestError extends DomainError {
  constructor() {
    super('INTEGRATION.UNKNOWN_TEST', 'No published assessment has this id.');
  }
}

export class UnknownInterviewError extends DomainError {
  constructor() {
    super('INTEGRATION.UNKNOWN_INTERVIEW', 'No assessment was sent with this id through this integration.');
  }
}

export class AlreadyAssessingError extends DomainError {
  constructor() {
    super(
      'INTEGRATION.ALREADY_ASSESSING',
      'This candidate already has this assessment in progress for this application.',
    );
  }
}
