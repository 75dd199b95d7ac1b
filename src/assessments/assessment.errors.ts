import { DomainError } from '../common/errors/domain-error.js';
import { type FieldError } from '../common/errors/problem-details.dto.js';

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
    super(
      'ASSESSMENT.NOT_PUBLISHED',
      'The assessment has no published version yet; publish it before inviting candidates.',
    );
  }
}

/**
 * Publishing is a state change that the content does not allow yet (409, as for any state conflict; there is no
 * request body to be a 400 about), with `errors` naming what to fix. A draft without questions may be saved.
 */
export class AssessmentWithoutQuestionsError extends DomainError {
  constructor() {
    super(
      'ASSESSMENT.STATE_CONFLICT',
      'Add at least one question before publishing: candidates would have nothing to answer.',
      [{ field: 'sections', message: 'sections must contain at least one question to publish' }],
    );
  }
}

/**
 * Publishing a draft whose Markdown the bound refuses (written before the bound existed): 409 like the other
 * content a publish does not allow yet, with `errors` naming each field to fix (`sections[3].body`).
 */
export class AssessmentMarkdownRefusedError extends DomainError {
  constructor(errors: FieldError[]) {
    super(
      'ASSESSMENT.STATE_CONFLICT',
      'Fix the Markdown named in errors before publishing: candidates could not be shown it.',
      errors,
    );
  }
}
