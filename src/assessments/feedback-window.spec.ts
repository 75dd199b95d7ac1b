import { HOUR_MS } from '../common/clock/durations.js';
import { parseWorkingWeek } from '../common/clock/working-week.js';
import { feedbackWindowWarnings, leastWorkingTime } from './feedback-window.js';

const weekdays = parseWorkingWeek('mon,tue,wed,thu,fri', '09-18');

describe('feedback window', () => {
  it('should find no working time when a 48-hour window can run from Friday evening to Sunday', () => {
    expect(leastWorkingTime(weekdays, 48)).toBe(0);
    expect(leastWorkingTime(weekdays, 72)).toBe(9 * HOUR_MS);
  });

  it('should warn on the field and name a window that works when the team has days off', () => {
    const [warning] = feedbackWindowWarnings(weekdays, 48);
    expect(warning.field).toBe('feedbackDueHours');
    expect(warning.message).toContain('72 hours give every submission at least one working day');
    expect(warning.message).not.toContain('undefined');
  });

  it('should not warn when every submission gets a working day', () => {
    expect(feedbackWindowWarnings(weekdays, 72)).toEqual([]);
    expect(feedbackWindowWarnings(weekdays, 120)).toEqual([]);
  });

  it('should not warn about 24 hours when the team works every day', () => {
    const everyDay = parseWorkingWeek('sun,mon,tue,wed,thu,fri,sat', '09-18');
    expect(feedbackWindowWarnings(everyDay, 24)).toEqual([]);
  });
});
