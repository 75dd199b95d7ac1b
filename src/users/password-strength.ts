import { type ZxcvbnFactory } from '@zxcvbn-ts/core';

/** zxcvbn's 0..4 scale: 3 is "safely unguessable", what it recommends for accounts that matter. */
export const MIN_PASSWORD_SCORE = 3;

/** Only this many characters are estimated: any password longer than that is strong anyway. */
export const ESTIMATED_LENGTH = 64;

let estimator: Promise<ZxcvbnFactory> | undefined;

/**
 * The estimator and its dictionaries (about 70 MB in memory) are loaded when a password is first checked, not at
 * start-up: most processes (every worker, an api under exam-day load) never check one.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([{ ZxcvbnFactory: Factory }, common, english]) =>
      // l33t substitutions are capped too: hostile input (200 characters of digits that each read as a letter)
      // took over a second of CPU before both bounds.
      new Factory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
        translations: english.translations,
        maxLength: ESTIMATED_LENGTH,
        l33tMaxSubstitutions: 10,
      }),
  );
  return estimator;
}

/**
 * Why a password is too easy to guess, as a sentence for the person choosing it, or null when it is strong
 * enough. The person's own email and name count as known words (a password made of them is weak).
 */
export async function weakPasswordReason(password: string, knownWords: string[] = []): Promise<string | null> {
  const words = knownWords
    .map((w) => w.toLowerCase())
    .flatMap((w) => [w, w.split('@')[0], ...w.split(/[^\p{L}\p{N}]+/u)])
    .filter((w) => w.length >= 3);
  const result = (await loadEstimator()).check(password, ['candor', ...words]);
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
