import { Invitation } from './invitation.entity.js';

const MINUTE = 60_000;
const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (minutes: number, ms = 0): Date => new Date(T0.getTime() + minutes * MINUTE + ms);

function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return Object.assign(new Invitation(), {
    id: 'inv',
    status: 'invited',
    timeLimitMinutes: 60,
    extraMinutes: 15,
    extensionMinutes: 0,
    startBy: at(7 * 24 * 60),
    startedAt: null,
    deadline: null,
    feedbackDueHours: 120,
    feedbackBreachedAt: null,
    ...overrides,
  });
}

/** An invitation after applying a transition's changes, as guardedUpdate would. */
const after = (i: Invitation, changes: Partial<Invitation>): Invitation => Object.assign(new Invitation(), i, changes);

describe('Invitation', () => {
  describe('start', () => {
    it('should set the deadline from the limit plus accommodation when started before start-by', () => {
      const t = invitation().start(T0);
      expect(t.from).toEqual(['invited']);
      expect(t.changes).toMatchObject({ status: 'started', startedAt: T0, deadline: at(75) });
      expect(t.event).toBe('attempt.started');
    });

    it('should refuse when start-by has passed or the invitation is not invited', () => {
      expect(() => invitation({ startBy: at(-1) }).start(T0)).toThrow(/expired/);
      for (const status of ['started', 'submitted', 'expired', 'withdrawn'] as const) {
        expect(() => invitation({ status }).start(T0)).toThrow(
          expect.objectContaining({ code: 'INVITATION.STATE_CONFLICT' }),
        );
      }
    });
  });

  describe('extend', () => {
    it('should add to the time without a deadline when not started yet', () => {
      const t = invitation().extend(30, T0);
      expect(t.changes).toMatchObject({ extensionMinutes: 30, deadline: null });
      expect(t.from).toEqual(['invited']);
    });

    it('should move the deadline when the attempt is started', () => {
      const started = after(invitation(), invitation().start(T0).changes);
      const t = started.extend(20, at(10));
      expect(t.changes).toMatchObject({ extensionMinutes: 20, deadline: at(95) });
      expect(t.from).toEqual(['started']);
    });

    it('should refuse when submitted', () => {
      expect(() => invitation({ status: 'submitted' }).extend(10, T0)).toThrow(
        expect.objectContaining({ code: 'INVITATION.STATE_CONFLICT' }),
      );
    });
  });

  describe('submit', () => {
    const started = (): Invitation => after(invitation(), invitation().start(T0).changes);
    const grace = 30;

    it('should record the candidate submission at now when inside deadline + grace', () => {
      const t = started().submit('candidate', at(75, 30_000), grace);
      expect(t.changes).toMatchObject({
        status: 'submitted',
        submittedBy: 'candidate',
        submittedAt: at(75, 30_000),
        submitProcessedAt: at(75, 30_000),
      });
      expect(t.changes.feedbackDueAt).toEqual(new Date(at(75, 30_000).getTime() + 120 * 3_600_000));
    });

    it('should refuse a candidate submission with deadline-passed when past deadline + grace', () => {
      expect(() => started().submit('candidate', at(75, 30_001), grace)).toThrow(
        expect.objectContaining({ code: 'ATTEMPT.DEADLINE_PASSED' }),
      );
    });

    it('should record the deadline as the submission time when the server submits late', () => {
      const processed = at(200);
      const t = started().submit('deadline', processed, grace);
      expect(t.changes).toMatchObject({ submittedBy: 'deadline', submittedAt: at(75), submitProcessedAt: processed });
      expect(t.changes.feedbackDueAt).toEqual(new Date(at(75).getTime() + 120 * 3_600_000));
    });

    it('should refuse a deadline submission before deadline + grace', () => {
      expect(() => started().submit('deadline', at(75, 29_999), grace)).toThrow(
        expect.objectContaining({ code: 'INVITATION.STATE_CONFLICT' }),
      );
    });

    it('should refuse a second submission', () => {
      const submitted = after(started(), started().submit('candidate', at(10), grace).changes);
      expect(() => submitted.submit('candidate', at(11), grace)).toThrow(
        expect.objectContaining({ code: 'INVITATION.STATE_CONFLICT' }),
      );
      expect(() => submitted.submit('deadline', at(100), grace)).toThrow(
        expect.objectContaining({ code: 'INVITATION.STATE_CONFLICT' }),
      );
    });
  });

  describe('withdraw and expire', () => {
    it('should withdraw an invited or started invitation but not a submitted one', () => {
      expect(invitation().withdraw(T0).changes.status).toBe('withdrawn');
      expect(invitation({ status: 'started' }).withdraw(T0).from).toEqual(['invited', 'started']);
      expect(() => invitation({ status: 'submitted' }).withdraw(T0)).toThrow(
        expect.objectContaining({ code: 'INVITATION.STATE_CONFLICT' }),
      );
    });

    it('should expire only an invited invitation whose start-by has passed', () => {
      const i = invitation({ startBy: at(0) });
      expect(() => i.expire(at(0))).toThrow();
      expect(i.expire(at(0, 1)).changes.status).toBe('expired');
      expect(() => invitation({ status: 'started', startBy: at(-10) }).expire(T0)).toThrow();
    });
  });
});
