import { DAY_MS } from '../common/clock/durations.js';
import { type InvitationStatus } from '../invitations/invitation.entity.js';

/**
 * The retention rule (RETENTION_DAYS), in one place: a candidate's data is kept while their invitation is going and
 * for that many days after it is over, then erased. Over means the feedback was sent, or the invitation expired or
 * was withdrawn. A submission still waiting for feedback is not over: the feedback must reach the candidate first.
 */
export const RETAINED_STATUSES = [
  'feedback_sent',
  'expired',
  'withdrawn',
] as const satisfies readonly InvitationStatus[];

/** What the rule reads of an invitation. */
export interface RetentionFacts {
  status: InvitationStatus;
  feedbackSentAt: Date | null;
  updatedAt: Date;
}

/**
 * When the countdown starts: when the feedback was sent; for an expired or withdrawn invitation, its last change
 * (that transition: nothing changes an ended invitation afterwards). Null while the invitation is not over.
 */
export function retentionStartsAt(facts: RetentionFacts): Date | null {
  if (facts.status === 'feedback_sent') return facts.feedbackSentAt ?? facts.updatedAt;
  if (facts.status === 'expired' || facts.status === 'withdrawn') return facts.updatedAt;
  return null;
}

/** Data whose countdown started before this moment is past retention. */
export const retentionCutoff = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY_MS);

/** More than `days` days have passed by `now` since the invitation was over. */
export function isPastRetention(facts: RetentionFacts, now: Date, days: number): boolean {
  const start = retentionStartsAt(facts);
  return start !== null && start < retentionCutoff(now, days);
}
