import unhomoglyph from 'unhomoglyph';

/**
 * How Candor stores and compares staff emails: trimmed, NFKC (full-width and other compatibility forms become
 * plain letters), lower case. Two spellings that normalise alike are one account.
 */
export const normaliseEmail = (email: string): string => email.trim().normalize('NFKC').toLowerCase();

/**
 * Unicode's confusables skeleton of the normalised email, lower-cased again (the skeleton maps "0" to "O"):
 * "аdmin@x.com" with a Cyrillic "а" has the skeleton of "admin@x.com". Two emails with one skeleton look the
 * same to a person, so the second is refused as taken.
 */
export const emailSkeleton = (email: string): string =>
  unhomoglyph(normaliseEmail(email)).normalize('NFKC').toLowerCase();
