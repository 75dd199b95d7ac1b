import { type InvitationStatus } from './invitation.entity.js';

/** Share of the feedback window that may pass before a waiting submission counts as at risk of being late. */
export const AT_RISK_FRACTION = 0.75;

/** What the flags are computed from: the invitation's status and its feedback window. */
export interface FeedbackWindow {
  status: InvitationStatus;
  submittedAt: Date | null;
  feedbackDueAt: Date | null;
  feedbackSentAt: Date | null;
}

/** The recruiter's warnings about a candidate waiting for feedback. */
export interface InvitationFlags {
  /** The feedback due time has passed and no feedback was sent. */
  overdue: boolean;
  /** Not yet overdue, but at least AT_RISK_FRACTION of the feedback window has passed without feedback. */
  atRisk: boolean;
}

const WAITING: readonly InvitationStatus[] = ['submitted', 'in_review'];

/**
 * The one rule for "overdue" and "at risk", shared by the API and the page. Only a submission still waiting for
 * feedback can be either (an expired or withdrawn invitation owes none); at most one of the two is true.
 */
export function invitationFlags(w: FeedbackWindow, now: Date): InvitationFlags {
  if (!WAITING.includes(w.status) || w.feedbackSentAt || !w.feedbackDueAt || !w.submittedAt) {
    return { overdue: false, atRisk: false };
  }
  const due = w.feedbackDueAt.getTime();
  const at = now.getTime();
  if (at > due) return { overdue: true, atRisk: false };
  const start = w.submittedAt.getTime();
  const window = due - start;
  // A window of no length (due at submission) is all elapsed the moment it starts.
  const elapsed = window <= 0 ? 1 : (at - start) / window;
  return { overdue: false, atRisk: elapsed >= AT_RISK_FRACTION };
}
