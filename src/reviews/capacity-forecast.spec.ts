import { HOUR_MS } from '../common/clock/durations.js';
import { parseWorkingWeek } from '../common/clock/working-week.js';
import { forecastQueue, type ForecastItem, teamPace, workingDaysBetween } from './capacity-forecast.js';

const week = parseWorkingWeek('mon,tue,wed,thu,fri', '09-18');
const at = (iso: string): Date => new Date(`${iso}Z`);
const item = (id: string, submitted: string, dueHours: number): ForecastItem => ({
  id,
  availableAt: at(submitted),
  submittedAt: at(submitted),
  dueAt: new Date(at(submitted).getTime() + dueHours * HOUR_MS),
});

describe('capacity forecast', () => {
  it('should add up active reviewers when measuring the pace over working days', () => {
    const completedByReviewer = new Map([
      ['a', 10],
      ['b', 5],
    ]);
    expect(teamPace({ completedByReviewer, windowWorkingDays: 10 })).toBe(1.5);
    expect(teamPace({ completedByReviewer, windowWorkingDays: 0 })).toBe(0);
    expect(workingDaysBetween(week, at('2026-03-02T09:00:00'), at('2026-03-16T09:00:00'))).toBe(10);
  });

  it('should flag nothing when the pace clears the queue before every date', () => {
    const now = at('2026-03-09T09:00:00'); // a Monday
    const items = [item('a', '2026-03-09T08:00:00', 48), item('b', '2026-03-09T08:30:00', 72)];
    const out = forecastQueue(now, week, items, 9, 'urgency');
    expect(out.map((e) => [e.id, e.atRisk])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    expect(out[0].expectedAt).toEqual(at('2026-03-09T10:00:00'));
  });

  it('should flag the ones the pace cannot reach when the queue is longer than the time left', () => {
    const now = at('2026-03-09T09:00:00');
    // Three reviews a working day, one every three working hours: Monday 12:00, 15:00, 18:00, then Tuesday 12:00,
    // an hour after the four's date (Tuesday 11:00).
    const items = ['a', 'b', 'c', 'd'].map((id) => item(id, '2026-03-07T12:00:00', 71));
    const out = forecastQueue(now, week, items, 3, 'urgency');
    expect(out.map((e) => e.atRisk)).toEqual([false, false, false, true]);
  });

  it('should see a weekend deadline as due by Friday evening when nobody works at weekends', () => {
    const now = at('2026-03-06T16:00:00'); // Friday
    const items = [item('sat', '2026-03-05T12:00:00', 48), item('mon', '2026-03-06T12:00:00', 72)];
    const out = forecastQueue(now, week, items, 4.5, 'urgency'); // one every two working hours
    expect(out.find((e) => e.id === 'sat')!.expectedAt).toEqual(at('2026-03-06T18:00:00'));
    expect(out.find((e) => e.id === 'mon')!.expectedAt).toEqual(at('2026-03-09T11:00:00'));
    expect(out.every((e) => !e.atRisk)).toBe(true);
  });

  it('should take submissions still being written from their deadline when they join the queue later', () => {
    const now = at('2026-03-09T09:00:00');
    const later: ForecastItem = { ...item('later', '2026-03-10T09:00:00', 2), availableAt: at('2026-03-10T09:00:00') };
    const out = forecastQueue(now, week, [later, item('now', '2026-03-09T08:00:00', 96)], 9, 'urgency');
    expect(out.map((e) => e.id)).toEqual(['now', 'later']);
    expect(out[1].expectedAt).toEqual(at('2026-03-10T10:00:00'));
    expect(out[1].atRisk).toBe(false);
  });

  it('should follow the queue order when it is fifo', () => {
    const now = at('2026-03-09T09:00:00');
    const items = [item('old', '2026-03-09T07:00:00', 120), item('urgent', '2026-03-09T08:00:00', 3)];
    expect(forecastQueue(now, week, items, 9, 'fifo').map((e) => e.id)).toEqual(['old', 'urgent']);
    expect(forecastQueue(now, week, items, 9, 'urgency').map((e) => e.id)).toEqual(['urgent', 'old']);
  });

  it('should put every item at risk when nobody has reviewed anything lately', () => {
    const out = forecastQueue(at('2026-03-09T09:00:00'), week, [item('a', '2026-03-09T08:00:00', 720)], 0, 'urgency');
    expect(out[0].atRisk).toBe(true);
  });
});
