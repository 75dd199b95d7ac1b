import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/** zxcvbn's 0..4 scale: 3 is "safely unguessable", what it recommends for accounts that matter. */
export const MIN_PASSWORD_SCORE = 3;

// Only the first 64 characters are estimated and l33t substitutions are capped: hostile input (200 characters of
// digits that each read as a letter) took over a second of CPU; any password longer than that is strong anyway.
const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
  maxLength: 64,
  l33tMaxSubstitutions: 10,
});

/**
 * Why a password is too easy to guess, as a sentence for the person choosing it, or null when it is strong
 * enough. The person's own email and name count as known words (a password made of them is weak).
 */
export function weakPasswordReason(password: string, knownWords: string[] = []): string | null {
  const words = knownWords
    .map((w) => w.toLowerCase())
    .flatMap((w) => [w, w.split('@')[0], ...w.split(/[^\p{L}\p{N}]+/u)])
    .filter((w) => w.length >= 3);
  const result = estimator.check(password, ['candor', ...words]);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
  return [
    'is too easy to guess.',
    ...why,
    "A few uncommon words together, or a password manager's random password, are strong.",
  ].join(' ');
}
