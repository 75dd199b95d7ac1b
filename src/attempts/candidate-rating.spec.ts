import { RequestValidationError } from '../common/errors/domain-error.js';
import { checkRatingShape, isRatingStageOpen, normaliseRatingComment } from './candidate-rating.js';

function fieldsOf(fn: () => void): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof RequestValidationError) return (error.fieldErrors ?? []).map((e) => e.field);
    throw error;
  }
  return [];
}

describe('checkRatingShape', () => {
  it('should accept usefulness alone when the stage is after_feedback', () => {
    expect(fieldsOf(() => checkRatingShape('after_feedback', { feedbackUsefulness: 4 }))).toEqual([]);
    expect(
      fieldsOf(() => checkRatingShape('after_feedback', { feedbackUsefulness: 4, length: 3, learning: null })),
    ).toEqual([]);
  });

  it('should name feedbackUsefulness when the stage is after_feedback and it is missing', () => {
    expect(fieldsOf(() => checkRatingShape('after_feedback', { length: 3, learning: 4 }))).toEqual([
      'feedbackUsefulness',
    ]);
    expect(fieldsOf(() => checkRatingShape('after_feedback', { feedbackUsefulness: null }))).toEqual([
      'feedbackUsefulness',
    ]);
  });

  it('should name every missing or misplaced field when the stage is after_submit', () => {
    expect(fieldsOf(() => checkRatingShape('after_submit', { length: 3, learning: 4 }))).toEqual([]);
    expect(fieldsOf(() => checkRatingShape('after_submit', { learning: 4 }))).toEqual(['length']);
    expect(fieldsOf(() => checkRatingShape('after_submit', { feedbackUsefulness: 5 }))).toEqual([
      'length',
      'learning',
      'feedbackUsefulness',
    ]);
  });
});

describe('normaliseRatingComment', () => {
  it('should trim the comment and store nothing when it is blank', () => {
    expect(normaliseRatingComment('  Clear and kind.\n')).toBe('Clear and kind.');
    expect(normaliseRatingComment(' \n\t ')).toBeNull();
    expect(normaliseRatingComment(undefined)).toBeNull();
  });
});

describe('isRatingStageOpen', () => {
  const at = new Date('2025-01-01T10:00:00Z');

  it('should open after_submit when the attempt is submitted, with or without feedback', () => {
    expect(isRatingStageOpen('after_submit', { submittedAt: null, feedbackSentAt: null })).toBe(false);
    expect(isRatingStageOpen('after_submit', { submittedAt: at, feedbackSentAt: null })).toBe(true);
    expect(isRatingStageOpen('after_submit', { submittedAt: at, feedbackSentAt: at })).toBe(true);
  });

  it('should open after_feedback only when the feedback is sent', () => {
    expect(isRatingStageOpen('after_feedback', { submittedAt: at, feedbackSentAt: null })).toBe(false);
    expect(isRatingStageOpen('after_feedback', { submittedAt: at, feedbackSentAt: at })).toBe(true);
  });
});
