import { DomainError } from '../common/errors/domain-error.js';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('AUTH.INVALID_CREDENTIALS', 'Email or password is wrong.');
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(detail = 'Sign in and send the access token as a Bearer credential.') {
    super('AUTH.UNAUTHENTICATED', detail);
  }
}

export class ForbiddenRoleError extends DomainError {
  constructor() {
    super('AUTH.FORBIDDEN', 'Your role may not do this.');
  }
}
