import { HOUR_MS } from './durations.js';
import { addWorkingTime, parseWorkingWeek, workingTimeBetween } from './working-week.js';

const week = parseWorkingWeek('mon,tue,wed,thu,fri', '09-18');
// 2026-03-06 is a Friday.
const at = (iso: string): Date => new Date(`${iso}Z`);

describe('working week', () => {
  it('should parse days and hours when given the settings format', () => {
    expect([...week.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([week.fromHour, week.toHour]).toEqual([9, 18]);
  });

  it('should stay within the day when the work fits before its end', () => {
    expect(addWorkingTime(week, at('2026-03-05T10:00:00'), 3 * HOUR_MS)).toEqual(at('2026-03-05T13:00:00'));
  });

  it('should carry over the weekend when Friday ends first', () => {
    expect(addWorkingTime(week, at('2026-03-06T16:00:00'), 4 * HOUR_MS)).toEqual(at('2026-03-09T11:00:00'));
  });

  it('should start at the next working hour when asked at night or at a weekend', () => {
    expect(addWorkingTime(week, at('2026-03-07T12:00:00'), HOUR_MS)).toEqual(at('2026-03-09T10:00:00'));
    expect(addWorkingTime(week, at('2026-03-05T20:00:00'), 0)).toEqual(at('2026-03-06T09:00:00'));
  });

  it('should count only working hours between two moments when they span nights and a weekend', () => {
    expect(workingTimeBetween(week, at('2026-03-06T17:00:00'), at('2026-03-09T10:30:00'))).toBe(2.5 * HOUR_MS);
    expect(workingTimeBetween(week, at('2026-03-09T10:00:00'), at('2026-03-09T09:00:00'))).toBe(0);
  });

  it('should agree with addWorkingTime when it adds and counts the same span', () => {
    const from = at('2026-03-04T15:20:00');
    const to = addWorkingTime(week, from, 23 * HOUR_MS);
    expect(workingTimeBetween(week, from, to)).toBe(23 * HOUR_MS);
  });

  it('should never arrive when the week has no working day', () => {
    const none = { days: new Set<number>(), fromHour: 9, toHour: 18 };
    expect(addWorkingTime(none, at('2026-03-05T10:00:00'), HOUR_MS).getTime()).toBeGreaterThan(Date.UTC(9999, 0));
  });
});
