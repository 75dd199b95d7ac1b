export interface ErrorSpec {
  readonly status: 400 | 401 | 403 | 404 | 408 | 409 | 410 | 414 | 415 | 422 | 429 | 431 | 503;
  /** Last segment of the problem `type` URI. */
  readonly type: string;
  readonly title: string;
}

/**
 * Every domain error code and its HTTP mapping. DomainError only accepts a key of this map, so a new code
 * does not compile until it is mapped here.
 */
export const ERROR_CATALOG = {
  'REQUEST.VALIDATION': { status: 400, type: 'validation', title: 'The request is not valid' },
  'REQUEST.TIMEOUT': { status: 408, type: 'request-timeout', title: 'The request took too long to arrive' },
  'REQUEST.URI_TOO_LONG': { status: 414, type: 'uri-too-long', title: 'The URL is too long' },
  'REQUEST.RATE_LIMITED': { status: 429, type: 'too-many-requests', title: 'Too many requests' },
  'SERVICE.BUSY': { status: 503, type: 'service-busy', title: 'Candor is busy' },
  'REQUEST.HEADERS_TOO_LARGE': { status: 431, type: 'headers-too-large', title: 'The request headers are too large' },
  'AUTH.INVALID_CREDENTIALS': { status: 401, type: 'invalid-credentials', title: 'Email or password is wrong' },
  'AUTH.UNAUTHENTICATED': { status: 401, type: 'unauthenticated', title: 'A valid credential is required' },
  'AUTH.FORBIDDEN': { status: 403, type: 'forbidden', title: 'Your role may not do this' },
  'AUTH.CROSS_SITE': { status: 403, type: 'cross-site-request', title: 'The request did not come from a Candor page' },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': { status: 415, type: 'unsupported-media-type', title: 'The body must be JSON' },
  'USER.EMAIL_TAKEN': { status: 409, type: 'email-taken', title: 'A user with this email already exists' },
  'USER.NOT_FOUND': { status: 404, type: 'not-found', title: 'Not found' },
  'USER.LAST_ADMIN': { status: 409, type: 'last-admin', title: 'The last active admin must stay an active admin' },
  'INVITATION.NOT_FOUND': { status: 404, type: 'not-found', title: 'Not found' },
  'INVITATION.STATE_CONFLICT': { status: 409, type: 'state-conflict', title: 'Not possible in the current state' },
  'REVIEW.NOT_FOUND': { status: 404, type: 'not-found', title: 'Not found' },
  'REVIEW.STATE_CONFLICT': { status: 409, type: 'state-conflict', title: 'Not possible in the current state' },
  'REVIEW.TOO_MANY_ACTIVE': {
    status: 409,
    type: 'too-many-active-reviews',
    title: 'You hold the maximum number of claims',
  },
  'REVIEW.FEEDBACK_NOT_USEFUL': {
    status: 422,
    type: 'feedback-not-useful',
    title: 'The feedback is missing or not useful',
  },
  'ATTEMPT.DEADLINE_PASSED': { status: 409, type: 'deadline-passed', title: 'The deadline has passed' },
  'CANDIDATE_LINK.GONE': {
    status: 410,
    type: 'link-gone',
    title: 'This invitation link no longer leads to an assessment',
  },
  'ATTEMPT.QUESTION_NOT_FOUND': { status: 404, type: 'not-found', title: 'Not found' },
  'ASSESSMENT.NOT_FOUND': { status: 404, type: 'not-found', title: 'Not found' },
  'ASSESSMENT.STATE_CONFLICT': { status: 409, type: 'state-conflict', title: 'Not possible in the current state' },
  'ASSESSMENT.NOT_PUBLISHED': {
    status: 409,
    type: 'assessment-not-published',
    title: 'The assessment is not published',
  },
  'INTEGRATION.KEY_NOT_FOUND': { status: 404, type: 'not-found', title: 'Not found' },
  'INTEGRATION.UNAUTHORIZED': { status: 401, type: 'unauthenticated', title: 'A valid integration key is required' },
  'INTEGRATION.UNKNOWN_TEST': { status: 422, type: 'unknown-test', title: 'Unknown test' },
  'INTEGRATION.UNKNOWN_INTERVIEW': { status: 404, type: 'not-found', title: 'Not found' },
  'INTEGRATION.ALREADY_ASSESSING': { status: 409, type: 'already-assessing', title: 'Already being assessed' },
  'DELIVERY.NOT_FOUND': { status: 404, type: 'not-found', title: 'Not found' },
  'WEBHOOK.NOT_FOUND': { status: 404, type: 'not-found', title: 'Not found' },
  'RATING.NOT_OPEN': { status: 409, type: 'rating-not-open', title: 'Not possible to rate yet' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
