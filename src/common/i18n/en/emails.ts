/** The emails a candidate receives (English). Plain strings with {placeholders}, or functions for plurals. */
export const EMAILS_EN = {};
