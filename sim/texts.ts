/**
 * What candidates write and what reviewers write back, generated so the service's rules judge them as they
 * would real text: answers of distinct sentences, and feedback whose texts are far apart from every other
 * feedback (the near-copy and boilerplate rules compare with everything sent before) with comments anchored
 * to sentences the reviewer read in this candidate's answer. Pure: seeded by a tag, no I/O.
 */
import { poolSentences, seededRandom, seedOf } from '../test/support/generated-text.js';

/** The parts of a claimed review (POST /reviews/claim) that a reviewer reads to write feedback. */
export interface ReviewToWrite {
  rubric: { key: string; maxScore: number }[];
  questions: { key: string; type: string }[];
  answers: Record<string, { value: string }>;
  minAnchoredComments: number;
}

/** The body of PUT /reviews/:id/draft and POST /reviews/:id/complete. */
export interface FeedbackBody {
  decision: 'advance' | 'reject';
  scores: Record<string, number>;
  criteria: Record<string, string>;
  summary: string;
  strengths: string;
  improvements: string;
  comments: { questionKey: string; quote: { exact: string }; text: string }[];
}

function writer(tag: string): { text: (...counts: number[]) => string; random: () => number } {
  const random = seededRandom(seedOf(tag));
  return { random, text: (...counts) => poolSentences(counts, (n) => Math.floor(random() * n)) };
}

/** A candidate's answer to a text or code question: four sentences of their own. */
export function answerText(tag: string): string {
  return writer(tag).text(10, 9, 8, 7);
}

/** Sentences of an answer, each a passage a reviewer can quote (at least 8 characters). */
export function quotablePassages(answer: string): string[] {
  return (answer.match(/[^.]+\./g) ?? []).map((s) => s.trim()).filter((s) => s.length >= 8);
}

/**
 * Feedback that meets the rules: every rubric criterion scored and commented, summary, strengths and
 * improvements in sentences of their own, and the assessment's number of comments (at least one), each on a
 * different sentence of the candidate's written answers, round the questions.
 */
export function writeFeedback(review: ReviewToWrite, tag: string): FeedbackBody {
  const { text, random } = writer(tag);
  const written = review.questions
    .filter((q) => q.type !== 'choice')
    .map((q) => ({ key: q.key, passages: quotablePassages(review.answers[q.key]?.value ?? '') }))
    .filter((q) => q.passages.length > 0);
  const wanted = Math.max(1, review.minAnchoredComments);
  const comments: FeedbackBody['comments'] = [];
  for (let i = 0; comments.length < wanted && written.length > 0 && i < wanted * written.length; i++) {
    const question = written[i % written.length];
    const passage = question.passages[Math.floor(i / written.length)];
    if (passage) comments.push({ questionKey: question.key, quote: { exact: passage }, text: text(6, 5) });
  }
  return {
    decision: random() < 0.5 ? 'advance' : 'reject',
    scores: Object.fromEntries(review.rubric.map((c) => [c.key, Math.floor(random() * (c.maxScore + 1))])),
    criteria: Object.fromEntries(review.rubric.map((c) => [c.key, text(6, 5)])),
    summary: text(9, 8),
    strengths: text(9, 8),
    improvements: text(9, 8),
    comments,
  };
}
