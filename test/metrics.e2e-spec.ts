import { buildKnownHistory, HISTORY_NOW, type KnownHistory } from './factories/metrics-history.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { FakeClock } from './support/fake-clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { MetricsService } from '../src/metrics/metrics.service.js';

/** Parses RFC 4180 text: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('turnaround metrics', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let alice: StaffSession;
  let bob: StaffSession;
  let carol: StaffSession;
  let h: KnownHistory;

  // Staff accounts hash passwords with argon2: slow on a busy machine, so set-up gets more than a test.
  beforeAll(async () => {
    t = await createTestApp({
      queue: 'postgres',
      clock: new FakeClock(HISTORY_NOW),
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    recruiter = await createStaff(t, 'recruiter');
    alice = await createStaff(t, 'reviewer', { name: 'Alice Reviewer' });
    bob = await createStaff(t, 'reviewer', { name: 'Bob Reviewer' });
    carol = await createStaff(t, 'reviewer', { name: 'Carol Reviewer' });
    h = await buildKnownHistory(t, { recruiterId: recruiter.id, aliceId: alice.id, bobId: bob.id });
  }, 180_000);
  afterAll(() => t.close());

  it('should return the exact turnaround figures of the last 30 days when no filter is given', async () => {
    const res = await t.http().get('/api/v1/metrics/turnaround').set(recruiter.auth).expect(200);
    expect(res.body).toEqual({
      window: { from: '2026-01-31T09:00:00.000Z', to: '2026-03-02T09:00:00.000Z' },
      generatedAt: HISTORY_NOW.toISOString(),
      // x1-x5 and y1-y3; x0 was submitted in January.
      submissions: 8,
      reviewed: 5,
      feedbackSent: 5,
      pendingFeedback: 3,
      // Only y3: due 48 h after its submission 60 h ago. x4 and x5 are due in 110 h and 90 h.
      overdueNow: 1,
      breaches: 3,
      // First claims 1, 2, 3, 4, 6, 10 h: p50 interpolates 3.5 → 4; p90 = 6 + 0.5 × 4 = 8.
      timeToClaimHours: { p50: 4, p90: 8 },
      // 24, 40, 60, 100, 130 h: p90 = 100 + 0.6 × 30 = 118.
      timeToFeedbackHours: { p50: 60, p90: 118, max: 130 },
      // x1 (24 ≤ 120), x2 (100 ≤ 120), y1 (40 ≤ 48) on time; x3 and y2 late.
      onTimeRate: 0.6,
      // x5 and y3 wait unclaimed; y3 since 60 h.
      queue: { depth: 2, oldestWaitingHours: 60 },
      reviewers: [
        {
          id: alice.id,
          name: 'Alice Reviewer',
          completed: 3,
          inProgress: 1,
          // x1 24, y1 40, x3 130.
          medianHoursToFeedback: 40,
          breaches: 0,
          ratings: { count: 2, feedbackUsefulness: 3.5 },
        },
        {
          id: bob.id,
          name: 'Bob Reviewer',
          completed: 2,
          inProgress: 0,
          // x2 100, y2 60.
          medianHoursToFeedback: 80,
          breaches: 2,
          ratings: { count: 0, feedbackUsefulness: null },
        },
        {
          id: carol.id,
          name: 'Carol Reviewer',
          completed: 0,
          inProgress: 0,
          medianHoursToFeedback: null,
          breaches: 0,
          ratings: { count: 0, feedbackUsefulness: null },
        },
      ],
      assessments: [
        {
          id: h.backend.id,
          title: 'Backend exercise',
          // x1-x5, one invited, one expired (x0 was invited in January).
          invited: 7,
          started: 5,
          submitted: 5,
          // x2 and x3 of 5.
          autoSubmittedRate: 0.4,
          // 30, 45, 50, 60, 60 minutes.
          medianMinutesUsed: 50,
          timeLimitMinutes: 60,
          tooLong: true,
          tooLongReasons: ['auto_submitted_rate'],
          ratings: { count: 2, length: 4, learning: 5, feedbackUsefulness: 5 },
        },
        {
          id: h.data.id,
          title: 'Data exercise',
          invited: 1,
          started: 0,
          submitted: 0,
          autoSubmittedRate: null,
          medianMinutesUsed: null,
          timeLimitMinutes: 90,
          tooLong: false,
          tooLongReasons: [],
          ratings: { count: 0, length: null, learning: null, feedbackUsefulness: null },
        },
        {
          id: h.frontend.id,
          title: 'Frontend, "live" exercise',
          invited: 4,
          started: 4,
          submitted: 3,
          autoSubmittedRate: 0,
          // 95, 98, 99 of 100 minutes: over 90 %.
          medianMinutesUsed: 98,
          timeLimitMinutes: 100,
          tooLong: true,
          tooLongReasons: ['median_time_used'],
          ratings: { count: 1, length: 3, learning: 4, feedbackUsefulness: 2 },
        },
      ],
    });
  });

  it('should count only submissions in [from, to) when a window is given', async () => {
    const res = await t
      .http()
      .get('/api/v1/metrics/turnaround')
      .query({ from: '2026-02-10T00:00:00Z', to: '2026-02-11T00:00:00Z' })
      .set(recruiter.auth)
      .expect(200);
    // x1 at from (included) and y1; x2 exactly at `to` is excluded.
    expect(res.body).toMatchObject({
      submissions: 2,
      feedbackSent: 2,
      onTimeRate: 1,
      timeToFeedbackHours: { p50: 32, p90: 38, max: 40 },
    });
    expect(res.body.timeToClaimHours).toEqual({ p50: 2, p90: 2 });
  });

  it('should narrow every figure to one assessment when assessmentId is given', async () => {
    const res = await t
      .http()
      .get('/api/v1/metrics/turnaround')
      .query({ assessmentId: h.frontend.id })
      .set(recruiter.auth)
      .expect(200);
    expect(res.body).toMatchObject({
      submissions: 3,
      feedbackSent: 2,
      onTimeRate: 0.5,
      overdueNow: 1,
      breaches: 2,
      queue: { depth: 1, oldestWaitingHours: 60 },
    });
    expect(res.body.assessments.map((a: { id: string }) => a.id)).toEqual([h.frontend.id]);
  });

  it('should keep only the submissions a reviewer claimed when reviewerId is given', async () => {
    const res = await t
      .http()
      .get('/api/v1/metrics/turnaround')
      .query({ reviewerId: bob.id })
      .set(recruiter.auth)
      .expect(200);
    // x2, x3, y2.
    expect(res.body).toMatchObject({
      submissions: 3,
      feedbackSent: 3,
      breaches: 2,
      timeToFeedbackHours: { p50: 100, p90: 124, max: 130 },
    });
    expect(res.body.reviewers).toEqual([expect.objectContaining({ id: bob.id, completed: 2, breaches: 2 })]);
  });

  it('should answer 400 naming the field when a filter is malformed, unknown or the window inverted', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-13-40' }, 'to'],
      [{ assessmentId: 'abc' }, 'assessmentId'],
      [{ reviewerId: '123' }, 'reviewerId'],
      [{ colour: 'blue' }, 'colour'],
      [{ from: '2026-02-10T00:00:00Z', to: '2026-02-01T00:00:00Z' }, 'from'],
    ];
    for (const [query, field] of cases) {
      for (const path of ['/api/v1/metrics/turnaround', '/api/v1/metrics/turnaround.csv']) {
        const res = await t.http().get(path).query(query).set(recruiter.auth).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
    }
  });

  it('should refuse reviewers (403) and anonymous callers (401) when they ask for metrics', async () => {
    await t.http().get('/api/v1/metrics/turnaround').set(alice.auth).expect(403);
    await t.http().get('/api/v1/metrics/turnaround.csv').set(alice.auth).expect(403);
    await t.http().get('/api/v1/metrics/turnaround').expect(401);
    const admin = await createStaff(t, 'admin');
    await t.http().get('/api/v1/metrics/turnaround').set(admin.auth).expect(200);
  });

  it('should stream one CSV row per submission in submission order when the export is asked for', async () => {
    const res = await t.http().get('/api/v1/metrics/turnaround.csv').set(recruiter.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([
      'invitationId',
      'assessmentId',
      'assessmentTitle',
      'status',
      'submittedAt',
      'submittedBy',
      'minutesUsed',
      'timeLimitMinutes',
      'claimedAt',
      'reviewerId',
      'feedbackDueAt',
      'feedbackSentAt',
      'hoursToClaim',
      'hoursToFeedback',
      'onTime',
      'breached',
      'candidateName',
      'candidateEmail',
      'reviewerName',
      'reviewerEmail',
    ]);
    const s = h.submissions;
    expect(rows.slice(1).map((r) => r[0])).toEqual([s.x1, s.y1, s.x2, s.y2, s.x3, s.y3, s.x5, s.x4]);
    expect(rows[1]).toEqual([
      s.x1,
      h.backend.id,
      'Backend exercise',
      'feedback_sent',
      '2026-02-10T00:00:00.000Z',
      'candidate',
      '50',
      '60',
      '2026-02-10T02:00:00.000Z',
      alice.id,
      '2026-02-15T00:00:00.000Z',
      '2026-02-11T00:00:00.000Z',
      '2',
      '24',
      'true',
      'false',
      'Xena One',
      'xena@example.test',
      'Alice Reviewer',
      alice.email,
    ]);
    // x3: first claim by Bob (revoked), feedback by Alice, late and breached.
    expect(rows[5]).toEqual([
      s.x3,
      h.backend.id,
      'Backend exercise',
      'feedback_sent',
      '2026-02-12T00:00:00.000Z',
      'deadline',
      '60',
      '60',
      '2026-02-12T10:00:00.000Z',
      alice.id,
      '2026-02-17T00:00:00.000Z',
      '2026-02-17T10:00:00.000Z',
      '10',
      '130',
      'false',
      'true',
      'Candidate',
      'candidate@example.test',
      // The reviewer who completed the review, not Bob whose claim was revoked.
      'Alice Reviewer',
      alice.email,
    ]);
    // y3: waiting, no claim, the quoted title survives the round trip.
    expect(rows[6]).toEqual([
      s.y3,
      h.frontend.id,
      'Frontend, "live" exercise',
      'submitted',
      '2026-02-27T21:00:00.000Z',
      'candidate',
      '99',
      '100',
      '',
      '',
      '2026-03-01T21:00:00.000Z',
      '',
      '',
      '',
      '',
      'true',
      'Yara "Y" Three',
      'yara@example.test',
      '',
      '',
    ]);
    expect(res.text).toContain('"Frontend, ""live"" exercise"');
    // x4: Alice holds it now.
    expect(rows[8].slice(16)).toEqual(['Xavier Four', 'xavier@example.test', 'Alice Reviewer', alice.email]);
    expect(rows.every((r) => r.length === 20)).toBe(true);
  });

  it('should apply the same filters to the CSV when they are given', async () => {
    const res = await t
      .http()
      .get('/api/v1/metrics/turnaround.csv')
      .query({ assessmentId: h.frontend.id, reviewerId: bob.id })
      .set(recruiter.auth)
      .expect(200);
    const rows = parseCsv(res.text);
    expect(rows.slice(1).map((r) => r[0])).toEqual([h.submissions.y2]);
  });

  it('should list who waits for feedback now, oldest first, with the claimer when the dashboard asks', async () => {
    const metrics = t.app.get(MetricsService);
    const all = await metrics.waiting({}, 10);
    // y3 (60 h ago, unclaimed), x5 (30 h, unclaimed), x4 (10 h, Alice holds it); not windowed, nothing sent.
    expect(all.total).toBe(3);
    expect(all.rows).toEqual([
      expect.objectContaining({
        invitationId: h.submissions.y3,
        candidateName: 'Yara "Y" Three',
        assessmentTitle: 'Frontend, "live" exercise',
        feedbackDueAt: new Date('2026-03-01T21:00:00Z'),
        claimerId: null,
        claimerName: null,
      }),
      expect.objectContaining({ invitationId: h.submissions.x5, candidateName: 'Xiomara Five', claimerId: null }),
      expect.objectContaining({
        invitationId: h.submissions.x4,
        candidateName: 'Xavier Four',
        claimerId: alice.id,
        claimerName: 'Alice Reviewer',
        claimerEmail: alice.email,
      }),
    ]);
    // The limit keeps the oldest and the total still counts every one.
    expect(await metrics.waiting({}, 1)).toEqual({ rows: [all.rows[0]], total: 3 });
    expect((await metrics.waiting({ assessmentId: h.backend.id }, 10)).rows.map((r) => r.invitationId)).toEqual([
      h.submissions.x5,
      h.submissions.x4,
    ]);
    expect(await metrics.waiting({ reviewerId: alice.id }, 10)).toEqual({ rows: [all.rows[2]], total: 1 });
    expect(await metrics.waiting({ reviewerId: bob.id }, 10)).toEqual({ rows: [], total: 0 });
  });

  it('should offer every assessment and every reviewer as filters whatever the window', async () => {
    const options = await t.app.get(MetricsService).filterOptions();
    expect(options.assessments.map((a) => a.title)).toEqual([
      'Backend exercise',
      'Data exercise',
      'Frontend, "live" exercise',
    ]);
    expect(options.reviewers).toEqual([
      { id: alice.id, name: 'Alice Reviewer', email: alice.email },
      { id: bob.id, name: 'Bob Reviewer', email: bob.email },
      { id: carol.id, name: 'Carol Reviewer', email: carol.email },
    ]);
  });

  it('should give the weekly hours to feedback and the daily backlog when the dashboard asks for series', async () => {
    const series = await t.app.get(MetricsService).series({});
    expect(series.weekly).toEqual([
      // x1, y1, x2, y2, x3: 24, 40, 100, 60, 130 h; deadlines 120, 48, 120, 48, 120 h.
      {
        weekStart: new Date('2026-02-09T00:00:00Z'),
        submissions: 5,
        feedbackSent: 5,
        p50: 60,
        p90: expect.closeTo(118, 6),
        dueHours: 120,
      },
      {
        weekStart: new Date('2026-02-23T00:00:00Z'),
        submissions: 3,
        feedbackSent: 0,
        p50: null,
        p90: null,
        dueHours: expect.closeTo(120, 6),
      },
    ]);
    // 31 UTC days from Jan 31 to Mar 2; nothing open before x1, then x4, x5, y3 still open at the end.
    expect(series.queueByDay).toHaveLength(31);
    expect(series.queueByDay[0]).toEqual({ day: new Date('2026-01-31T00:00:00Z'), open: 0 });
    // End of Feb 10: x1 (sent Feb 11) and y1 open.
    expect(series.queueByDay[10]).toEqual({ day: new Date('2026-02-10T00:00:00Z'), open: 2 });
    expect(series.queueByDay[30]).toEqual({ day: new Date('2026-03-02T00:00:00Z'), open: 3 });
  });
});
