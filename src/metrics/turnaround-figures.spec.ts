import { average, rate, tooLongReasons, wholeNumber } from './turnaround-figures.js';

describe('turnaround figures', () => {
  it('should round durations to whole numbers and keep null when there is no data', () => {
    expect(wholeNumber(2.5)).toBe(3);
    expect(wholeNumber(2.49)).toBe(2);
    expect(wholeNumber(null)).toBeNull();
  });

  it('should give a four-decimal share when the whole is positive and null when it is zero', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 5)).toBe(0);
    expect(rate(0, 0)).toBeNull();
  });

  it('should round rating averages to two decimals when present', () => {
    expect(average(3.333333)).toBe(3.33);
    expect(average(null)).toBeNull();
  });

  it('should flag a test too long when more than 30 % of attempts were auto-submitted', () => {
    expect(tooLongReasons(0.31, 30, 60)).toEqual(['auto_submitted_rate']);
    expect(tooLongReasons(0.3, 30, 60)).toEqual([]);
  });

  it('should flag a test too long when the median time used exceeds 90 % of the limit', () => {
    expect(tooLongReasons(0, 54.5, 60)).toEqual(['median_time_used']);
    expect(tooLongReasons(0, 54, 60)).toEqual([]);
    expect(tooLongReasons(0.5, 59, 60)).toEqual(['auto_submitted_rate', 'median_time_used']);
  });

  it('should not flag a test when it has no submissions', () => {
    expect(tooLongReasons(null, null, 60)).toEqual([]);
  });
});
