import { CANDIDATE_PAGE_EN } from './candidate-page.js';
import { EMAILS_EN } from './emails.js';

/** English: the reference catalogue every other language must match. */
export const EN = { candidatePage: CANDIDATE_PAGE_EN, emails: EMAILS_EN };
