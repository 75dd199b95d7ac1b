import { DAY_MS } from '../common/clock/durations.js';

export const DEFAULT_WINDOW_DAYS = 30;
// Keeps one request from asking PostgreSQL for years of history in one go.
export const MAX_WINDOW_DAYS = 400;

/**
 * What is wrong with a reporting window `[from, to)`, or null: the API refuses it, and the dashboard says it in
 * words beside its form, from this one rule.
 */
export function windowProblem(from: Date, to: Date): 'reversed' | 'too-long' | null {
  if (from >= to) return 'reversed';
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) return 'too-long';
  return null;
}
