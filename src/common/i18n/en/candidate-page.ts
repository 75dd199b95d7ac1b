/** The candidate's page and its script (English). Plain strings with {placeholders}, or functions for plurals. */
export const CANDIDATE_PAGE_EN = {};
