import { DomainError } from '../common/errors/domain-error.js';

export class EmailTakenError extends DomainError {
  constructor() {
    super('USER.EMAIL_TAKEN', 'A user with this email already exists.');
  }
}

export class UserNotFoundError extends DomainError {
  constructor() {
    super('USER.NOT_FOUND', 'No such user.');
  }
}
