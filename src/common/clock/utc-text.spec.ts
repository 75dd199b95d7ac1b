import { utcDay, utcMinute, utcShortDay } from './utc-text.js';

describe('UTC dates as the staff pages show them', () => {
  it('should read as day, short month, year and UTC time when formatting an instant', () => {
    expect(utcMinute(new Date('2026-12-03T14:05:59.999Z'))).toBe('3 Dec 2026, 14:05 UTC');
    expect(utcMinute(new Date('2026-03-02T09:00:00Z'))).toBe('2 Mar 2026, 09:00 UTC');
  });

  it('should use the UTC day when the instant is late in the evening east of Greenwich', () => {
    expect(utcMinute(new Date('2026-01-01T00:30:00+02:00'))).toBe('31 Dec 2025, 22:30 UTC');
    expect(utcDay(new Date('2026-01-01T00:30:00+02:00'))).toBe('31 Dec 2025');
  });

  it('should leave out the year when writing a short day', () => {
    expect(utcShortDay(new Date('2026-09-03T23:59:00Z'))).toBe('3 Sep');
  });
});
