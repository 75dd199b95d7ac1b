import { isSuperseded, noticeDueAt } from './feedback-schedule.js';

const submittedAt = new Date('2026-03-02T10:00:00Z');
const dueAt = new Date('2026-03-07T10:00:00Z'); // a 120-hour window

describe('feedback schedule', () => {
  it('should put the reminders at 50 % and 90 % of the window when asked for their moments', () => {
    expect(noticeDueAt('reminder_50', submittedAt, dueAt).toISOString()).toBe('2026-03-04T22:00:00.000Z');
    expect(noticeDueAt('reminder_90', submittedAt, dueAt).toISOString()).toBe('2026-03-06T22:00:00.000Z');
  });

  it('should put the breach at the deadline and the late notice a day after it', () => {
    expect(noticeDueAt('breach', submittedAt, dueAt)).toEqual(dueAt);
    expect(noticeDueAt('late_notice', submittedAt, dueAt).toISOString()).toBe('2026-03-08T10:00:00.000Z');
  });

  it('should mark a reminder superseded only when the next moment has passed too', () => {
    expect(isSuperseded('reminder_50', submittedAt, dueAt, new Date('2026-03-05T00:00:00Z'))).toBe(false);
    expect(isSuperseded('reminder_50', submittedAt, dueAt, new Date('2026-03-06T22:00:00Z'))).toBe(true);
    expect(isSuperseded('reminder_90', submittedAt, dueAt, new Date('2026-03-07T10:00:00Z'))).toBe(true);
    expect(isSuperseded('breach', submittedAt, dueAt, new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });
});
