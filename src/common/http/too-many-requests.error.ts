import { DomainError } from '../errors/domain-error.js';

/** A rate limit was reached: the detail says when to try again (Retry-After carries the same seconds). */
export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('REQUEST.RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} s.`);
  }
}
