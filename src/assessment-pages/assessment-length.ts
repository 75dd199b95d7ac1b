/**
 * Length guidance for the assessment editor: the recruiter's expected minutes per question, added up against the
 * time limit. Pure and DOM-free: the server renders it into the page and the editor's script recomputes it as
 * the recruiter types.
 */

export type LengthVerdict = 'fits' | 'too_long' | 'unknown';

export interface LengthGuidance {
  verdict: LengthVerdict;
  /** The sum of the expected minutes that were given. */
  expectedMinutes: number;
  /** Questions without an estimate (not counted in the sum). */
  unestimated: number;
  questions: number;
  timeLimitMinutes: number | null;
  /** One plain sentence for the page. */
  message: string;
}

export interface EstimatedQuestion {
  expectedMinutes?: number | null;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Whether `minutes` is an estimate the API accepts (a whole number from 1 to 480). */
const isEstimate = (minutes: number | null | undefined): minutes is number =>
  typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= 480;

export function lengthGuidance(
  questions: readonly EstimatedQuestion[],
  timeLimitMinutes: number | null | undefined,
): LengthGuidance {
  const estimated = questions.filter((q) => isEstimate(q.expectedMinutes));
  const expectedMinutes = estimated.reduce((sum, q) => sum + (q.expectedMinutes ?? 0), 0);
  const unestimated = questions.length - estimated.length;
  const limit = typeof timeLimitMinutes === 'number' && timeLimitMinutes > 0 ? timeLimitMinutes : null;
  const base = { expectedMinutes, unestimated, questions: questions.length, timeLimitMinutes: limit };
  if (questions.length === 0)
    return { ...base, verdict: 'unknown', message: 'Add questions to see whether they fit the time limit.' };
  if (limit === null)
    return { ...base, verdict: 'unknown', message: 'Set a time limit to see whether the questions fit it.' };
  if (estimated.length === 0) {
    return {
      ...base,
      verdict: 'unknown',
      message: `Give each question the minutes a good answer takes to see whether they fit the ${limit}-minute limit.`,
    };
  }
  const missing = unestimated > 0 ? ` (${plural(unestimated, 'question has', 'questions have')} no estimate yet)` : '';
  const over = expectedMinutes > limit;
  return {
    ...base,
    verdict: over ? 'too_long' : 'fits',
    message: `Questions add up to ${expectedMinutes} of ${limit} minutes: ${over ? 'too long' : 'fits'}${missing}.`,
  };
}
