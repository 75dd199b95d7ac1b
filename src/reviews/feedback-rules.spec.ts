import { checkFeedback, checkText, type FeedbackInput, normaliseFeedbackText, type RubricCriterion } from './feedback-rules.js';

const rubric: RubricCriterion[] = [
  { key: 'design', title: 'Design', maxScore: 5 },
  { key: 'tests', title: 'Testing', maxScore: 3 },
];

const good = (): FeedbackInput => ({
  decision: 'advance',
  scores: { design: 4, tests: 0 },
  criteria: {
    design: 'The module boundaries follow the domain and each class has one job.',
    tests: 'No tests were written, so the retry logic is unverified.',
  },
  summary: 'A clear, working solution to the rate limiter task that reads well and handles the main edge cases sensibly.',
  strengths: 'Naming is precise, the sliding window is implemented correctly and the README explains the trade-offs you made.',
  improvements: 'Add tests around the window boundary and the clock, and handle the Redis connection dropping mid-request.',
});

const fields = (input: FeedbackInput, previous?: Set<string>): string[] =>
  checkFeedback(input, rubric, { minChars: 80, previousTexts: previous }).map((u) => u.field);

describe('feedback rules', () => {
  it('should accept useful feedback when every rule is met', () => {
    expect(checkFeedback(good(), rubric, { minChars: 80 })).toEqual([]);
  });

  it('should name every missing field when the feedback is empty', () => {
    expect(fields({}).sort()).toEqual(
      ['criteria.design', 'criteria.tests', 'decision', 'improvements', 'scores.design', 'scores.tests', 'strengths', 'summary'].sort(),
    );
  });

  it('should reject a decision when it is not advance or reject', () => {
    expect(fields({ ...good(), decision: 'maybe' })).toEqual(['decision']);
  });

  it('should reject a text when it is shorter than the minimum after collapsing whitespace', () => {
    const padded = `Good work overall.${' '.repeat(100)}`;
    expect(fields({ ...good(), summary: padded })).toEqual(['summary']);
    expect(checkFeedback({ ...good(), summary: 'Solid, readable solution with tests that cover the edge cases.' }, rubric, { minChars: 40 })).toEqual([]);
  });

  it('should honour FEEDBACK_MIN_CHARS when it is configured differently', () => {
    expect(checkFeedback(good(), rubric, { minChars: 200 }).map((u) => u.field)).toEqual(['summary', 'strengths', 'improvements']);
  });

  it.each([
    ['n/a'],
    ['N/A'],
    ['tbd'],
    ['TODO'],
    ['-'],
    ['...'],
    ['xxx'],
    ['asdf'],
    ['same as above'],
    ['Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore.'],
  ])('should reject %j as placeholder text when it is the whole field', (text) => {
    expect(checkText(text, 80)).toMatch(/placeholder/);
  });

  it('should reject a text when it is mostly placeholders padded to length', () => {
    expect(checkText('TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD TBD', 80)).toMatch(/placeholder/);
    expect(checkText('todo: later, see above. xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx asdfasdfasdfasdfasdfasdf ok then', 80)).toMatch(/placeholder/);
  });

  it.each([
    ['one repeated character', 'a'.repeat(120)],
    ['punctuation only', '!?.,;:-'.repeat(20)],
    ['one repeated word', 'good '.repeat(30)],
    ['two words repeated', 'good work '.repeat(15)],
  ])('should reject a text when it is %s', (_kind, text) => {
    expect(checkText(text, 80)).toMatch(/real text/);
  });

  it('should reject a text when it copies feedback the reviewer already sent, ignoring case and punctuation', () => {
    const previous = new Set([normaliseFeedbackText(good().strengths!)]);
    const copied = { ...good(), strengths: `  ${good().strengths!.toUpperCase().replace(/,/g, '')}  ` };
    expect(fields(copied, previous)).toEqual(['strengths']);
  });

  it('should reject a criterion comment when it is copied or shorter than 20 characters', () => {
    const previous = new Set([normaliseFeedbackText(good().criteria!.design as string)]);
    expect(fields(good(), previous)).toEqual(['criteria.design']);
    expect(fields({ ...good(), criteria: { ...good().criteria, tests: 'Too few tests.' } })).toEqual(['criteria.tests']);
  });

  it('should reject a score when it is missing, fractional, negative, above maxScore or not a number', () => {
    expect(fields({ ...good(), scores: { design: 4 } })).toEqual(['scores.tests']);
    for (const bad of [2.5, -1, 4, '3', null]) {
      expect(fields({ ...good(), scores: { design: 4, tests: bad } })).toEqual(['scores.tests']);
    }
  });

  it('should accept the boundary scores 0 and maxScore when they are integers', () => {
    expect(fields({ ...good(), scores: { design: 0, tests: 3 } })).toEqual([]);
    expect(fields({ ...good(), scores: { design: 5, tests: 0 } })).toEqual([]);
  });

  it('should reject score and comment keys when they are not criteria of the rubric', () => {
    expect(fields({ ...good(), scores: { ...good().scores, style: 2 }, criteria: { ...good().criteria, style: 'Consistent formatting across files.' } })).toEqual([
      'scores.style',
      'criteria.style',
    ]);
  });

  it('should reject a comment when it is not a string', () => {
    expect(fields({ ...good(), criteria: { ...good().criteria, design: 42 } })).toEqual(['criteria.design']);
  });

  it('should normalise case, punctuation and spacing when comparing texts', () => {
    expect(normaliseFeedbackText('  Great   work, Ana!\n')).toBe('great work ana');
  });
});
