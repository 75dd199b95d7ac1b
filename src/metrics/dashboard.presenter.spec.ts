import { NEVER } from '../common/clock/working-week.js';
import { type AtRiskSubmission, type CapacityForecastView } from '../reviews/capacity-forecast.view.js';
import {
  dashboardCharts,
  dashboardRange,
  forecastSection,
  lateText,
  personLabels,
  waitingSection,
  weeksOf,
  workingDaysText,
} from './dashboard.presenter.js';
import { type WaitingRow } from './metrics.repository.js';

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

describe('dashboard presenter: the date range', () => {
  const NOV_30 = new Date('2026-11-30T15:20:00.000Z');

  it('should show the last 30 days with today included and say so when no dates are given', () => {
    expect(dashboardRange({}, NOV_30)).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      apiFrom: '2026-11-01T00:00:00.000Z',
      // The API's `to` is exclusive: the midnight after the last day, so today's submissions count.
      apiTo: '2026-12-01T00:00:00.000Z',
      text: 'Showing 1 Nov – 30 Nov 2026, today included',
    });
  });

  it('should include the "To" day itself when a person picks dates', () => {
    const range = dashboardRange({ from: '2026-10-01', to: '2026-10-31' }, NOV_30);
    expect(range).toMatchObject({ apiFrom: '2026-10-01T00:00:00.000Z', apiTo: '2026-11-01T00:00:00.000Z' });
    expect(range.text).toBe('Showing 1 Oct – 31 Oct 2026');
  });

  it('should name both years when the range spans new year, and one day once', () => {
    expect(dashboardRange({ from: '2025-12-20', to: '2026-01-18' }, NOV_30).text).toBe(
      'Showing 20 Dec 2025 – 18 Jan 2026',
    );
    expect(dashboardRange({ from: '2026-11-30', to: '2026-11-30' }, NOV_30).text).toBe(
      'Showing 30 Nov 2026, today included',
    );
  });

  it('should end the default range at the chosen day when only "To" is given', () => {
    expect(dashboardRange({ to: '2026-02-28' }, NOV_30)).toMatchObject({ from: '2026-01-30', to: '2026-02-28' });
  });
});

describe('dashboard presenter: names', () => {
  it('should add the email to a name only when another person has the same name', () => {
    const labels = personLabels([
      { id: '1', name: 'Sam Lee', email: 'sam@a.test' },
      { id: '2', name: 'sam lee ', email: 'sam.lee@b.test' },
      { id: '3', name: 'Ana Ruiz', email: 'ana@a.test' },
    ]);
    expect([...labels.entries()]).toEqual([
      ['1', 'Sam Lee (sam@a.test)'],
      ['2', 'sam lee  (sam.lee@b.test)'],
      ['3', 'Ana Ruiz'],
    ]);
  });
});

describe('dashboard presenter: waiting for feedback', () => {
  const NOW = new Date('2026-03-02T09:00:00.000Z');
  const row = (overrides: Partial<WaitingRow> = {}): WaitingRow => ({
    invitationId: 'inv-1',
    candidateName: 'Dana Candidate',
    candidateEmail: 'dana@example.test',
    assessmentTitle: 'Backend exercise',
    submittedAt: new Date('2026-02-27T21:00:00.000Z'),
    feedbackDueAt: new Date('2026-03-01T21:00:00.000Z'),
    claimerId: null,
    claimerName: null,
    claimerEmail: null,
    ...overrides,
  });

  it('should list each candidate with a link, due date, overdue flag and claimer name when some wait', () => {
    const labels = new Map([['alice', 'Alice Reviewer']]);
    const section = waitingSection(
      {
        rows: [
          row(),
          row({
            invitationId: 'inv-2',
            candidateName: 'Eli',
            feedbackDueAt: new Date('2026-03-06T23:00:00.000Z'),
            claimerId: 'alice',
            claimerName: 'Alice',
          }),
        ],
        total: 5,
      },
      labels,
      NOW,
    );
    expect(section.headline).toBe('5 candidates wait for feedback, the longest since 27 Feb 2026, 21:00 UTC.');
    expect(section.rows).toEqual([
      {
        href: '/invitations?id=inv-1',
        candidate: 'Dana Candidate',
        candidateEmail: 'dana@example.test',
        assessment: 'Backend exercise',
        submitted: '27 Feb 2026, 21:00 UTC',
        due: '1 Mar 2026, 21:00 UTC',
        overdue: true,
        claimer: null,
      },
      expect.objectContaining({ href: '/invitations?id=inv-2', overdue: false, claimer: 'Alice Reviewer' }),
    ]);
    expect(section.more).toBe('and 3 more waiting');
  });

  it('should say nobody waits when the queue is empty', () => {
    expect(waitingSection({ rows: [], total: 0 }, new Map(), NOW)).toEqual({
      headline: 'Nobody is waiting for feedback.',
      rows: [],
      more: null,
    });
  });
});

describe('dashboard presenter: charts', () => {
  it('should give every week of the window, from its Monday, when some weeks had no submissions', () => {
    const weeks = weeksOf(new Date('2026-02-01T00:00:00Z'), new Date('2026-03-03T00:00:00Z'));
    expect(weeks.map((w) => w.toISOString().slice(0, 10))).toEqual([
      '2026-01-26',
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-02-23',
      '2026-03-02',
    ]);
  });

  it('should draw one week of data as labelled bars with a legend when the window holds a week', () => {
    const charts = dashboardCharts(
      {
        weekly: [
          {
            weekStart: new Date('2026-02-09T00:00:00Z'),
            submissions: 5,
            feedbackSent: 5,
            p50: 60,
            p90: 118,
            dueHours: 120,
          },
        ],
        queueByDay: [{ day: new Date('2026-02-10T00:00:00Z'), open: 1 }],
      },
      { from: new Date('2026-02-09T00:00:00Z'), to: new Date('2026-02-16T00:00:00Z') },
    );
    expect(charts.weekly.match(/<rect class="chart-bar"/g)).toHaveLength(2);
    expect(charts.weekly).toContain('>9 Feb</text>');
    expect(charts.weekly).toContain('feedback deadline: 120 hours</li>');
    expect(charts.queue).toContain('>10 Feb</text>');
    expect(charts.queue).toContain('<li class="series-queue">');
  });
});
