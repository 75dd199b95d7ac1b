import { attemptDeadline, autoSubmitJob, isAutoSubmitDue, isPastCutoff, saveCutoff } from './attempt-deadline.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const plus = (ms: number): Date => new Date(T0.getTime() + ms);

describe('attempt deadline', () => {
  it('should end the attempt after every minute the candidate has when it starts', () => {
    expect(attemptDeadline(T0, 60 + 15 + 10)).toEqual(plus(85 * 60_000));
  });

  it('should accept saves until deadline + grace and refuse them one millisecond later', () => {
    expect(saveCutoff(T0, 30)).toEqual(plus(30_000));
    expect(isPastCutoff(T0, 30, plus(30_000))).toBe(false);
    expect(isPastCutoff(T0, 30, plus(30_001))).toBe(true);
  });

  it('should let the server submit from the cutoff on, never before', () => {
    expect(isAutoSubmitDue(T0, 30, plus(29_999))).toBe(false);
    expect(isAutoSubmitDue(T0, 30, plus(30_000))).toBe(true);
  });

  it('should give each deadline its own job id and run the job at the cutoff when an extension moves the deadline', () => {
    const first = autoSubmitJob('inv', T0, 30);
    const extended = autoSubmitJob('inv', plus(10 * 60_000), 30);
    expect(first).toEqual({
      name: 'attempt.auto-submit',
      payload: { invitationId: 'inv', deadlineMs: T0.getTime() },
      jobId: `auto-submit.inv.${T0.getTime()}`,
      runAt: plus(30_000),
    });
    expect(extended.jobId).not.toBe(first.jobId);
    expect(extended.runAt).toEqual(plus(10 * 60_000 + 30_000));
  });
});
