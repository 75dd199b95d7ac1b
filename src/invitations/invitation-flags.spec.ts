import { AT_RISK_FRACTION, type FeedbackWindow, invitationFlags } from './invitation-flags.js';

const HOUR = 3_600_000;
const submittedAt = new Date('2026-12-01T10:00:00Z');
const feedbackDueAt = new Date(submittedAt.getTime() + 100 * HOUR);
const waiting = (over: Partial<FeedbackWindow> = {}): FeedbackWindow => ({
  status: 'submitted',
  submittedAt,
  feedbackDueAt,
  feedbackSentAt: null,
  ...over,
});
const hoursIn = (h: number): Date => new Date(submittedAt.getTime() + h * HOUR);

describe('invitationFlags', () => {
  it('should flag nothing when less than three quarters of the window has passed', () => {
    expect(invitationFlags(waiting(), hoursIn(74))).toEqual({ overdue: false, atRisk: false });
  });

  it('should flag at risk when three quarters of the window has passed without feedback', () => {
    expect(AT_RISK_FRACTION).toBe(0.75);
    expect(invitationFlags(waiting(), hoursIn(75))).toEqual({ overdue: false, atRisk: true });
    expect(invitationFlags(waiting({ status: 'in_review' }), hoursIn(100))).toEqual({ overdue: false, atRisk: true });
  });

  it('should flag overdue and not at risk when the due time has passed without feedback', () => {
    expect(invitationFlags(waiting(), hoursIn(100.01))).toEqual({ overdue: true, atRisk: false });
    expect(invitationFlags(waiting({ status: 'in_review' }), hoursIn(500))).toEqual({ overdue: true, atRisk: false });
  });

  it('should flag nothing when the feedback was sent, even late', () => {
    const sent = waiting({ status: 'feedback_sent', feedbackSentAt: hoursIn(120) });
    expect(invitationFlags(sent, hoursIn(130))).toEqual({ overdue: false, atRisk: false });
  });

  it('should flag nothing when the invitation owes no feedback', () => {
    for (const status of ['invited', 'started', 'expired', 'withdrawn'] as const) {
      const w = waiting({ status, submittedAt: null, feedbackDueAt: null });
      expect(invitationFlags(w, hoursIn(1000))).toEqual({ overdue: false, atRisk: false });
    }
  });

  it('should flag at risk at once when the window has no length', () => {
    expect(invitationFlags(waiting({ feedbackDueAt: submittedAt }), submittedAt)).toEqual({
      overdue: false,
      atRisk: true,
    });
  });
});
