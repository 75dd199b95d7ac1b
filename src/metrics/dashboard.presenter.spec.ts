import { NEVER } from '../common/clock/working-week.js';
import { type AtRiskSubmission, type CapacityForecastView } from '../reviews/capacity-forecast.view.js';
import { forecastSection, lateText, workingDaysText } from './dashboard.presenter.js';

const NOW = new Date('2026-03-04T09:00:00.000Z');
const at = (iso: string): Date => new Date(iso);

function view(overrides: Partial<CapacityForecastView> = {}): CapacityForecastView {
  return {
    generatedAt: NOW,
    workingWeek: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: '09-18 UTC' },
    paceWorkingDays: 10,
    reviewsPerWorkingDay: 1.5,
    reviewers: [
      { id: 'a', name: 'Alice', completed: 10 },
      { id: 'b', name: 'Bob', completed: 5 },
    ],
    pending: 3,
    writing: 1,
    clearsAt: at('2026-03-05T14:30:00.000Z'),
    atRisk: [],
    ...overrides,
  };
}

function risk(overrides: Partial<AtRiskSubmission> = {}): AtRiskSubmission {
  return {
    invitationId: 'i1',
    assessmentTitle: 'Backend exercise',
    status: 'submitted',
    feedbackDueAt: at('2026-03-05T10:00:00.000Z'),
    expectedAt: at('2026-03-05T15:00:00.000Z'),
    ...overrides,
  };
}

describe('dashboard presenter: the "At risk" section', () => {
  it('should say no feedback is at risk and when the queue clears when the pace clears it in time', () => {
    const section = forecastSection(view());
    expect(section).toMatchObject({
      tone: 'ok',
      headline: "No feedback at risk at the team's pace",
      workingWeek: 'mon–fri 09-18 UTC',
      generatedAt: '2026-03-04 09:00 UTC',
      rows: [],
      more: null,
    });
    expect(section.tiles).toEqual([
      {
        id: 'pace',
        label: 'Team pace',
        value: '1.5',
        hint: 'reviews a working day from 2 active reviewers over the last 10 working days',
      },
      { id: 'queue', label: 'Waiting for feedback', value: '3', hint: '1 attempt still being written' },
      { id: 'clears', label: 'Queue clears', value: '2026-03-05', hint: 'by 14:30 UTC at this pace' },
    ]);
  });

  it('should count the candidates and describe each submission in words when some feedback is at risk', () => {
    const section = forecastSection(
      view({
        atRisk: [
          risk({ status: 'submitted', feedbackDueAt: at('2026-03-03T21:00:00.000Z') }),
          risk({ invitationId: 'i2', status: 'in_review', expectedAt: at('2026-03-05T10:20:00.000Z') }),
          risk({
            invitationId: 'i3',
            assessmentTitle: 'Frontend exercise',
            status: 'started',
            expectedAt: at('2026-03-08T10:00:00.000Z'),
          }),
        ],
      }),
    );
    expect(section.tone).toBe('warn');
    expect(section.headline).toBe("3 candidates will hear back late at the team's pace");
    expect(section.rows).toEqual([
      {
        title: 'Backend exercise',
        status: 'Waiting for a reviewer',
        dueAt: '2026-03-03 21:00',
        overdue: true,
        expectedAt: '2026-03-05 15:00',
        late: '42 h',
      },
      {
        title: 'Backend exercise',
        status: 'Being reviewed',
        dueAt: '2026-03-05 10:00',
        overdue: false,
        expectedAt: '2026-03-05 10:20',
        late: 'under 1 h',
      },
      {
        title: 'Frontend exercise',
        status: 'Still being written',
        dueAt: '2026-03-05 10:00',
        overdue: false,
        expectedAt: '2026-03-08 10:00',
        late: '3 days',
      },
    ]);
  });

  it('should speak of one candidate and one reviewer in the singular when there is one', () => {
    const section = forecastSection(
      view({
        reviewsPerWorkingDay: 1,
        paceWorkingDays: 1,
        reviewers: [{ id: 'a', name: 'Alice', completed: 1 }],
        atRisk: [risk()],
      }),
    );
    expect(section.headline).toBe("1 candidate will hear back late at the team's pace");
    expect(section.tiles[0].hint).toBe('review a working day from 1 active reviewer over the last working day');
  });

  it('should list at most 20 submissions and count the rest when more are at risk', () => {
    const atRisk = Array.from({ length: 27 }, (_, i) => risk({ invitationId: `i${i}` }));
    const section = forecastSection(view({ atRisk }));
    expect(section.headline).toBe("27 candidates will hear back late at the team's pace");
    expect(section.rows).toHaveLength(20);
    expect(section.more).toBe('and 7 more');
  });

  it('should say the queue never clears and no feedback is expected when the pace is zero', () => {
    const section = forecastSection(
      view({
        reviewsPerWorkingDay: 0,
        clearsAt: null,
        atRisk: [risk({ expectedAt: NEVER })],
      }),
    );
    expect(section.tiles[0]).toMatchObject({
      value: '0',
      hint: 'reviews a working day from 2 active reviewers over the last 10 working days',
    });
    expect(section.tiles[2]).toMatchObject({ value: 'never', hint: 'at this pace: no reviews completed lately' });
    expect(section.rows[0]).toMatchObject({ expectedAt: 'not at this pace', late: '—' });
  });

  it('should say there is not enough history yet when the pace is unknown', () => {
    const section = forecastSection(view({ reviewsPerWorkingDay: null, paceWorkingDays: 0.4, clearsAt: null }));
    expect(section.tone).toBe('none');
    expect(section.headline).toBe("No forecast yet: too little history to know the team's pace");
    expect(section.tiles[0]).toMatchObject({ value: '—', hint: 'Not enough history yet for a forecast' });
    expect(section.tiles[2]).toMatchObject({ value: '—', hint: 'no forecast yet' });
  });

  it('should say nothing is waiting when the queue is empty', () => {
    const section = forecastSection(view({ pending: 0, writing: 0, clearsAt: null }));
    expect(section.tiles[1]).toMatchObject({ value: '0', hint: '0 attempts still being written' });
    expect(section.tiles[2]).toMatchObject({ value: '—', hint: 'nothing is waiting' });
  });
});

describe('dashboard presenter: working days and lateness in words', () => {
  it('should name a run of working days as a range when the days follow each other', () => {
    expect(workingDaysText(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('mon–fri');
    // The service lists days from Sunday: a week running past Sunday is still one run.
    expect(workingDaysText(['sun', 'fri', 'sat'])).toBe('fri–sun');
    expect(workingDaysText(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])).toBe('every day');
  });

  it('should list the days when they do not follow each other or are too few for a range', () => {
    expect(workingDaysText(['mon', 'wed', 'fri'])).toBe('mon, wed, fri');
    expect(workingDaysText(['mon', 'tue'])).toBe('mon, tue');
  });

  it('should give hours under two days and whole days after when a feedback would be late', () => {
    expect(lateText(30 * 60_000)).toBe('under 1 h');
    expect(lateText(5.4 * 3_600_000)).toBe('5 h');
    expect(lateText(47 * 3_600_000)).toBe('47 h');
    expect(lateText(60 * 3_600_000)).toBe('3 days');
  });
});
