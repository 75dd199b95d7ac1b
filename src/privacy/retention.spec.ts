import { DAY_MS } from '../common/clock/durations.js';
import { isPastRetention, retentionCutoff, retentionStartsAt, type RetentionFacts } from './retention.js';

const now = new Date('2027-03-01T12:00:00.000Z');
const daysAgo = (days: number): Date => new Date(now.getTime() - days * DAY_MS);
const facts = (overrides: Partial<RetentionFacts>): RetentionFacts => ({
  status: 'feedback_sent',
  feedbackSentAt: daysAgo(400),
  updatedAt: daysAgo(400),
  ...overrides,
});

describe('retention', () => {
  it('should count from the feedback when it was sent', () => {
    const sent = facts({ feedbackSentAt: daysAgo(30), updatedAt: daysAgo(29) });
    expect(retentionStartsAt(sent)).toEqual(daysAgo(30));
  });

  it('should count from the last change when the invitation expired or was withdrawn', () => {
    expect(retentionStartsAt(facts({ status: 'expired', feedbackSentAt: null, updatedAt: daysAgo(5) }))).toEqual(
      daysAgo(5),
    );
    expect(retentionStartsAt(facts({ status: 'withdrawn', feedbackSentAt: null, updatedAt: daysAgo(6) }))).toEqual(
      daysAgo(6),
    );
  });

  it.each(['invited', 'started', 'submitted', 'in_review'] as const)(
    'should never be past retention when the invitation is %s',
    (status) => {
      expect(retentionStartsAt(facts({ status, feedbackSentAt: null }))).toBeNull();
      expect(isPastRetention(facts({ status, feedbackSentAt: null, updatedAt: daysAgo(5000) }), now, 1)).toBe(false);
    },
  );

  it('should be past retention only when more than the days have passed', () => {
    expect(isPastRetention(facts({ feedbackSentAt: daysAgo(366) }), now, 365)).toBe(true);
    expect(isPastRetention(facts({ feedbackSentAt: daysAgo(365) }), now, 365)).toBe(false);
    expect(isPastRetention(facts({ feedbackSentAt: new Date(daysAgo(365).getTime() - 1) }), now, 365)).toBe(true);
    expect(isPastRetention(facts({ feedbackSentAt: daysAgo(364) }), now, 365)).toBe(false);
  });

  it('should put the cutoff the given days before now', () => {
    expect(retentionCutoff(now, 1)).toEqual(daysAgo(1));
    expect(retentionCutoff(now, 3650)).toEqual(daysAgo(3650));
  });
});
