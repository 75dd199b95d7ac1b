import { mailFormat } from './mail-format.js';

describe('mail format (English)', () => {
  const f = mailFormat('en');

  it('should write a moment as a person reads it, in UTC, without seconds or GMT', () => {
    expect(f.dateTime(new Date('2026-12-03T14:05:59.999Z'))).toBe('Thursday 3 December 2026, 14:05 UTC');
    expect(f.dateTime(new Date('2027-01-01T00:00:00Z'))).toBe('Friday 1 January 2027, 00:00 UTC');
    expect(f.dateTime(new Date('2026-03-02T23:30:00-05:00'))).toBe('Tuesday 3 March 2026, 04:30 UTC');
  });

  it('should say 1 minute and n minutes when writing a time limit', () => {
    expect(f.minutes(1)).toBe('1 minute');
    expect(f.minutes(60)).toBe('60 minutes');
    expect(f.minutes(1500)).toBe('1,500 minutes');
  });

  it('should give the feedback window in whole days when it is whole days, else in hours', () => {
    expect(f.period(120)).toBe('5 days');
    expect(f.period(24)).toBe('1 day');
    expect(f.period(36)).toBe('36 hours');
    expect(f.period(1)).toBe('1 hour');
  });
});
