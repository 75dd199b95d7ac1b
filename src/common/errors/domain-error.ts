import { type ErrorCode } from './error-catalog.js';
import { type FieldError } from './problem-details.dto.js';

/** A rule of the domain was broken; the code decides the HTTP answer (see ERROR_CATALOG). */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class RequestValidationError extends DomainError {
  constructor(errors: FieldError[]) {
    super('REQUEST.VALIDATION', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}
