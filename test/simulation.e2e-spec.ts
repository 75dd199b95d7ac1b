import pg from 'pg';
import { POLICIES } from '../sim/policies.js';
import { policyFigures, type PolicyFigures } from '../sim/report.js';
import { type DatabaseProvider } from '../sim/service.js';
import { type PolicyRun, runPolicies } from '../sim/simulation.js';
import {
  DEFAULT_TRACE_OPTIONS,
  defaultTraceOptions,
  generateTrace,
  summariseTrace,
  type Trace,
  type TraceOptions,
} from '../sim/trace.js';
import { createTestDatabase } from './support/test-app.js';
import { TEST_PG_URL } from './support/test-env.js';

/** A few virtual days: a handful of candidates (a small class among them) and four of the eight behaviours. */
const SMALL: TraceOptions = {
  ...DEFAULT_TRACE_OPTIONS,
  seed: 7,
  days: 2,
  invitesPerWeekday: 3,
  spike: { day: 0, size: 5 },
  maxStartDelayHours: 8,
  roster: [
    { name: 'Ada', behaviour: 'prompt' },
    { name: 'Chen', behaviour: 'slow' },
    { name: 'Eli', behaviour: 'after-reminder' },
    { name: 'Hana', behaviour: 'leaves' },
  ],
  departure: { day: 1, hour: 10 },
};

/** Each run on a clone of the migrated template, dropped afterwards. */
const templateClones: DatabaseProvider = async () => {
  const url = await createTestDatabase();
  return {
    url,
    drop: async () => {
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    },
  };
};

describe('the trace', () => {
  it('should be the same trace when the seed is the same', () => {
    expect(generateTrace(defaultTraceOptions(3, 30))).toEqual(generateTrace(defaultTraceOptions(3, 30)));
    expect(generateTrace(defaultTraceOptions(3, 30))).not.toEqual(generateTrace(defaultTraceOptions(4, 30)));
  });

  it('should hold a month of hiring when the defaults are used', () => {
    const trace = generateTrace(defaultTraceOptions(1, 30));
    const summary = summariseTrace(trace);
    expect(summary.graduateClass).toEqual({ day: 15, size: 40 });
    expect(summary.invitations).toBeGreaterThan(100);
    expect(summary.noShows / summary.invitations).toBeGreaterThan(0.05);
    expect(summary.noShows / summary.invitations).toBeLessThan(0.3);
    expect(summary.extensions).toBeGreaterThan(0);
    expect(trace.reviewers.map((r) => r.behaviour).sort()).toEqual([
      'after-reminder',
      'ignores-until-breach',
      'leaves',
      'on-leave',
      'prompt',
      'prompt',
      'slow',
      'slow',
    ]);
    // Recruiters invite on weekdays; candidates start within the 7-day window.
    for (const c of trace.candidates) {
      expect([1, 2, 3, 4, 5]).toContain(new Date(Date.parse(trace.options.start) + c.invitedAt * 60_000).getUTCDay());
      if (c.startsAt !== null) expect(c.startsAt - c.invitedAt).toBeLessThan(7 * 1440);
    }
  });
});

describe('a few days of hiring through the real service', () => {
  let trace: Trace;
  let candor: PolicyRun;
  let fifo: PolicyRun;

  beforeAll(async () => {
    trace = generateTrace(SMALL);
    [candor, fifo] = await runPolicies(trace, [POLICIES.candor, POLICIES.fifo], {
      stepMinutes: 15,
      drainDays: 4,
      database: templateClones,
      log: () => undefined,
    });
  }, 180_000);

  it('should give every submission written feedback, received by the candidate, when Candor runs', () => {
    expect(candor.outcomes.length).toBeGreaterThan(3);
    for (const outcome of candor.outcomes) {
      expect(outcome).toMatchObject({ feedbackSentAt: expect.any(String), feedbackReceived: true });
    }
    expect(policyFigures(candor.outcomes).feedbackRate).toBe(1);
    expect(candor.anomalies).toEqual([]);
  });

  it('should return the claims of the reviewer who leaves to the queue when an admin deactivates them', () => {
    for (const run of [candor, fifo]) {
      expect(run.departures).toHaveLength(1);
      expect(run.departures[0].claimsHeld).toBeGreaterThan(0);
      expect(run.departures[0].returnedToQueue).toBe(run.departures[0].claimsHeld);
    }
  });

  it('should produce the baseline figures on the same submissions when the fifo policy runs', () => {
    expect(fifo.outcomes.map((o) => o.candidate)).toEqual(candor.outcomes.map((o) => o.candidate));
    const figures: PolicyFigures = policyFigures(fifo.outcomes);
    expect(figures.submissions).toBe(candor.outcomes.length);
    expect(figures.feedbackRate).toBeGreaterThanOrEqual(0);
    expect(figures.onTimeRate).toBeLessThanOrEqual(1);
    expect(Number.isFinite(figures.p50HoursToFeedback ?? 0)).toBe(true);
  });
});
