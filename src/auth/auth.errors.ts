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
    super('AUTH.FORBIDDEN', 'This needs another role. Ask an admin if you should have it.');
  }
}

export class CrossSiteRequestError extends DomainError {
  constructor(
    detail = "A change made with the page session needs the page's CSRF token in X-CSRF-Token and a same-origin Origin header.",
  ) {
    super('AUTH.CROSS_SITE', detail);
  }
}

export class FormBodyRefusedError extends DomainError {
  constructor() {
    super(
      'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      'This API takes JSON bodies (Content-Type: application/json), not form posts.',
    );
  }
}
