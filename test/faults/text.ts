import { randomInt } from 'node:crypto';
import { poolSentences, WORD_POOL } from '../support/generated-text.js';

/** `count` words drawn at random (repeats allowed): filler for answers. */
export function words(count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(WORD_POOL[randomInt(WORD_POOL.length)]);
  return out.join(' ');
}

export interface RubricCriterion {
  key: string;
  maxScore: number;
}

/**
 * Feedback that meets the rules of an assessment with minAnchoredComments 0: long enough, real sentences,
 * every field different, and far from any other feedback (the near-copy rule compares with all sent ones).
 */
export function usefulFeedback(rubric: RubricCriterion[]): Record<string, unknown> {
  return {
    decision: Math.random() < 0.5 ? 'advance' : 'reject',
    scores: Object.fromEntries(rubric.map((c) => [c.key, randomInt(c.maxScore + 1)])),
    criteria: Object.fromEntries(rubric.map((c) => [c.key, poolSentences([7, 6], randomInt)])),
    summary: poolSentences([10, 9], randomInt),
    strengths: poolSentences([10, 9], randomInt),
    improvements: poolSentences([10, 9], randomInt),
    comments: [],
  };
}
