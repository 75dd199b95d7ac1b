import { renderSections } from '../assessments/rendered-content.js';
import { type CandidateRatingView } from '../attempts/candidate-rating.js';
import { CANDIDATE_DECISION_WORDS } from '../reviews/review-page.presenter.js';
import {
  answerRuns,
  placeQuote,
  presentFeedback,
  presentRating,
  type SentFeedback,
} from './candidate-feedback.presenter.js';

const ANSWER = 'Make it idempotent with a key per payout. Then retry with backoff.';

function feedback(overrides: Partial<SentFeedback> = {}): SentFeedback {
  return {
    status: 'sent',
    sentAt: new Date('2026-03-05T12:00:00Z'),
    decision: 'advance',
    summary: 'A careful answer.',
    strengths: 'Idempotency first.',
    improvements: 'Say how keys expire.',
    criteria: [{ key: 'correctness', title: 'Correctness', comment: 'Handles retries.' }],
    questions: [
      { key: 'design', prompt: 'How would you make a payout job **safe** to retry?', type: 'text' },
      { key: 'code', prompt: 'Write `sum`.', type: 'code' },
    ],
    answers: { design: ANSWER, code: 'const sum = (a, b) => a + b;' },
    comments: [
      { questionKey: 'design', quote: { exact: 'retry with backoff', start: 47, end: 65 }, text: 'Say which backoff.' },
      { questionKey: 'design', quote: { exact: 'idempotent with a key', start: 8, end: 29 }, text: 'Exactly right.' },
    ],
    ...overrides,
  };
}

/** With the prompts' HTML the version stored when it was published. */
const present = (f: SentFeedback, rating: CandidateRatingView | null = null): ReturnType<typeof presentFeedback> =>
  presentFeedback(
    f,
    rating,
    renderSections(f.questions.map((q) => ({ kind: 'question', key: q.key, prompt: q.prompt }))).rendered,
  );

const joined = (runs: { text: string }[]): string => runs.map((r) => r.text).join('');

describe('presentFeedback', () => {
  it('should number comments in reading order and highlight each passage when the quotes are found', () => {
    const section = present(feedback());
    const [design, code] = section.answers;
    expect(section.commentCount).toBe(2);
    expect(design.comments.map((c) => [c.number, c.text, c.passageHref])).toEqual([
      [1, 'Exactly right.', '#c-1'],
      [2, 'Say which backoff.', '#c-2'],
    ]);
    expect(joined(design.runs)).toBe(ANSWER);
    const marks = design.runs.filter((r) => r.mark);
    expect(marks.map((r) => [r.text, r.mark!.id, r.mark!.describedBy])).toEqual([
      ['idempotent with a key', 'c-1', 'comment-1-text'],
      ['retry with backoff', 'c-2', 'comment-2-text'],
    ]);
    expect(marks.map((r) => r.refs)).toEqual([
      [{ number: 1, id: 'c-1-ref', href: '#comment-1' }],
      [{ number: 2, id: 'c-2-ref', href: '#comment-2' }],
    ]);
    expect(design.promptHtml).toBe('<p>How would you make a payout job <strong>safe</strong> to retry?</p>\n');
    expect(code).toMatchObject({ code: true, answered: true, comments: [] });
    expect([design.heading, design.commentsLabel]).toEqual(['Question 1', 'Reviewer’s comments on question 1']);
    expect(design.comments[0].quoteText).toBe('On “idempotent with a key”');
    expect(code.runs).toEqual([{ text: 'const sum = (a, b) => a + b;', mark: null, refs: [] }]);
  });

  it('should give overlapping passages shared runs described by both comments when two quotes overlap', () => {
    const runs = answerRuns('abcdefghij', [
      { number: 1, range: { start: 0, end: 6 } },
      { number: 2, range: { start: 3, end: 10 } },
    ]);
    expect(
      runs.map((r) => [r.text, r.mark?.id ?? null, r.mark?.describedBy ?? null, r.refs.map((x) => x.number)]),
    ).toEqual([
      ['abc', 'c-1', 'comment-1-text', []],
      ['def', 'c-2', 'comment-1-text comment-2-text', [1]],
      ['ghij', null, 'comment-2-text', [2]],
    ]);
  });

  it('should give each comment its own anchor when two passages start at the same place', () => {
    const runs = answerRuns('abcdef', [
      { number: 1, range: { start: 0, end: 3 } },
      { number: 2, range: { start: 0, end: 3 } },
    ]);
    expect(runs[0].mark).toEqual({ id: 'c-1', extraAnchorIds: ['c-2'], describedBy: 'comment-1-text comment-2-text' });
    expect(runs[0].refs.map((r) => r.number)).toEqual([1, 2]);
  });

  it('should count offsets in code points when the answer has characters outside the BMP', () => {
    const answer = '🙂 ok then: idempotent keys';
    expect(placeQuote(answer, { exact: 'idempotent', start: 11, end: 21 })).toEqual({ start: 11, end: 21 });
    const runs = answerRuns(answer, [{ number: 1, range: { start: 11, end: 21 } }]);
    expect(runs.map((r) => r.text)).toEqual(['🙂 ok then: ', 'idempotent', ' keys']);
  });

  it('should search for the quote when the stored offsets no longer point at it', () => {
    expect(placeQuote(ANSWER, { exact: 'retry with backoff', start: 0, end: 18 })).toEqual({ start: 47, end: 65 });
    expect(placeQuote(ANSWER, { exact: 'not in the answer', start: 0, end: 17 })).toBeNull();
  });

  it('should list a comment without a highlight when its passage is not in the answer any more', () => {
    const section = present(feedback({ answers: {} }));
    const design = section.answers[0];
    expect(design.answered).toBe(false);
    expect(design.comments.map((c) => [c.text, c.passageHref])).toEqual([
      ['Exactly right.', null],
      ['Say which backoff.', null],
    ]);
  });

  it('should keep a comment on an unknown question in a list of its own when no question matches', () => {
    const section = present(
      feedback({
        comments: [
          { questionKey: 'gone', quote: { exact: 'x'.repeat(200), start: 0, end: 200 }, text: 'Still worth reading.' },
        ],
      }),
    );
    expect(section.otherComments).toEqual([
      {
        id: 'comment-1',
        textId: 'comment-1-text',
        number: 1,
        text: 'Still worth reading.',
        quote: `${'x'.repeat(89)}…`,
        quoteText: `On “${'x'.repeat(89)}…”`,
        passageHref: null,
      },
    ]);
  });

  it('should word the decision and keep the texts as written when presenting', () => {
    const section = present(feedback({ decision: 'reject' }));
    expect(section).toMatchObject({
      advance: false,
      summary: 'A careful answer.',
      criteria: [{ key: 'correctness', title: 'Correctness', comment: 'Handles retries.' }],
    });
    expect(section.decisionText).toContain('will not be taking your application forward');
    expect(section.sentAt.iso).toBe('2026-03-05T12:00:00.000Z');
  });
});

describe('presentRating', () => {
  it('should offer five labelled choices when the candidate has not rated the feedback', () => {
    const rating = presentRating(null);
    expect(rating.rated).toBe(false);
    expect(rating.options.map((o) => [o.value, o.id, o.label])).toEqual([
      [1, 'usefulness-1', 'Not useful'],
      [2, 'usefulness-2', 'Slightly useful'],
      [3, 'usefulness-3', 'Somewhat useful'],
      [4, 'usefulness-4', 'Useful'],
      [5, 'usefulness-5', 'Very useful'],
    ]);
    expect(rating.commentMaxChars).toBe(2000);
  });

  it('should show the stored rating and comment when the candidate has rated', () => {
    const stored: CandidateRatingView = {
      stage: 'after_feedback',
      length: null,
      learning: null,
      feedbackUsefulness: 4,
      comment: 'Clear and kind.',
      createdAt: new Date('2026-03-06T09:00:00Z'),
    };
    expect(presentRating(stored)).toMatchObject({
      rated: true,
      usefulness: 4,
      usefulnessText: 'Useful',
      summary: 'You rated it 4 of 5: Useful.',
      comment: 'Clear and kind.',
    });
  });
});

describe('decision wording', () => {
  it('should read as the reviewer was shown before sending when the feedback is rendered for the candidate', () => {
    expect(present(feedback({ decision: 'advance' })).decisionText).toBe(CANDIDATE_DECISION_WORDS.advance);
    expect(present(feedback({ decision: 'reject' })).decisionText).toBe(CANDIDATE_DECISION_WORDS.reject);
  });
});
