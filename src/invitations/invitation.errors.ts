import { DomainError } from '../common/errors/domain-error.js';

export class InvitationNotFoundError extends DomainError {
  constructor() {
    super('INVITATION.NOT_FOUND', 'No such invitation.');
  }
}

export class InvitationStateError extends DomainError {
  constructor(status: string, action: string) {
    super('INVITATION.STATE_CONFLICT', `Cannot ${action} when the invitation is ${status}.`);
  }
}

export class DeadlinePassedError extends DomainError {
  constructor(deadline: Date) {
    super('ATTEMPT.DEADLINE_PASSED', `The deadline (${deadline.toISOString()}) and its grace period have passed.`);
  }
}
