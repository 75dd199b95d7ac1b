import { DomainError } from '../common/errors/domain-error.js';

export class EmailTakenError extends DomainError {
  constructor(lookAlike = false) {
    super(
      'USER.EMAIL_TAKEN',
      lookAlike
        ? 'A user with an email that looks the same (letters from another alphabet, 0 for O, ...) already exists.'
        : 'A user with this email already exists.',
    );
  }
}

export class UserNotFoundError extends DomainError {
  constructor() {
    super('USER.NOT_FOUND', 'No such user.');
  }
}

export class LastAdminError extends DomainError {
  constructor() {
    super('USER.LAST_ADMIN', 'This is the last active admin: make another person an active admin first.');
  }
}
