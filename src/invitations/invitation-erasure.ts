import { type InvitationStatus } from './invitation.entity.js';

/** What an erased invitation shows instead of the candidate's name. */
export const ERASED_CANDIDATE_NAME = 'Erased candidate';

/**
 * What an erased invitation holds instead of the candidate's email: one per invitation, in the reserved `.invalid`
 * domain (RFC 2606), which the outbox refuses to send to.
 */
export const erasedCandidateEmail = (invitationId: string): string => `erased+${invitationId}@invalid`;

/** What an erasure removed from an invitation, for the other features' parts of the same erasure. */
export interface ErasedInvitation {
  id: string;
  candidateName: string;
  /** The address as it was stored (trimmed, its case kept). */
  candidateEmail: string;
}

/** An invitation as the retention rule reads it (src/privacy/retention.ts), with the address its data is under. */
export interface RetentionRow {
  id: string;
  status: InvitationStatus;
  feedbackSentAt: Date | null;
  updatedAt: Date;
  candidateEmail: string;
}
