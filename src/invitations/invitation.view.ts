import { ApiProperty } from '@nestjs/swagger';
import {
  INVITATION_SOURCES,
  INVITATION_STATUSES,
  type Invitation,
  type InvitationSource,
  type InvitationStatus,
  SUBMITTED_BY,
  type SubmittedBy,
} from './invitation.entity.js';

// The invitation's vocabulary, for other features' API descriptions (they may not import the entity's module).
export { INVITATION_STATUSES, SUBMITTED_BY, type InvitationStatus, type SubmittedBy };

/*
 * The OpenAPI document is built by the swagger CLI plugin, which under ts-jest sees one file at a time: arrays and
 * imported types get an explicit @ApiProperty below, so the tests check the document the build serves.
 */

/** An invitation and the attempt it leads to, as recruiters see it. */
export class InvitationView {
  id!: string;
  assessmentId!: string;
  /** The published version of the assessment it was issued against (kept when the assessment is revised). */
  assessmentVersionId!: string;
  candidateName!: string;
  candidateEmail!: string;
  @ApiProperty({ enum: INVITATION_STATUSES })
  status!: InvitationStatus;
  /** Who issued it: `staff`, or the ATS integration that asked for it. */
  @ApiProperty({ enum: INVITATION_SOURCES })
  source!: InvitationSource;
  /** The attempt must be started by then, or the invitation expires. */
  startBy!: Date;
  /** The assessment version's own limit. */
  timeLimitMinutes!: number;
  /** Accommodation: added to the time limit from the start. */
  extraMinutes!: number;
  /** Every extension granted so far, in all. */
  extensionMinutes!: number;
  startedAt!: Date | null;
  /** When the attempt ends: set at start, moved by extensions. */
  deadline!: Date | null;
  submittedAt!: Date | null;
  /** `deadline` when the server submitted the attempt at its deadline. */
  @ApiProperty({ enum: SUBMITTED_BY, nullable: true })
  submittedBy!: SubmittedBy | null;
  /** When the feedback is due, once submitted. */
  feedbackDueAt!: Date | null;
  feedbackSentAt!: Date | null;
  createdAt!: Date;
}

/** Extra time granted to an invitation, with the reason kept for the record. */
export class InvitationExtension {
  minutes!: number;
  reason!: string;
  /** The id of the staff member who granted it; null when none is recorded. */
  grantedBy!: string | null;
  createdAt!: Date;
}

/** One invitation with the extensions granted to it, oldest first. */
export class InvitationDetailView extends InvitationView {
  @ApiProperty({ type: [InvitationExtension] })
  extensions!: InvitationExtension[];
}

/** An invitation in the recruiters' list: with its assessment's title and the feedback warnings. */
export class InvitationListItemView extends InvitationView {
  /** The title of the published version it was issued against. */
  assessmentTitle!: string;
  /** Feedback is due and was not sent (see invitation-flags.ts). */
  overdue!: boolean;
  /** Feedback not sent and at least 75 % of the feedback window has passed; never together with `overdue`. */
  atRisk!: boolean;
}

/** One candidate of a bulk invitation: shown once, like a single invitation's token and link. */
export class BulkCreatedInvitation {
  /** The row it came from: the 1-based data row of the CSV (header not counted), or the element's index + 1. */
  row!: number;
  id!: string;
  candidateName!: string;
  candidateEmail!: string;
  startBy!: Date;
  /** The candidate's private link (also sent by email). */
  link!: string;
  /** The secret in the link, returned only here. */
  token!: string;
}

export class BulkCreatedInvitationsView {
  /** In row order. */
  @ApiProperty({ type: [BulkCreatedInvitation] })
  invitations!: BulkCreatedInvitation[];
}

/** A resent invitation: a new link replaces the old one (which stops working), shown here once. */
export class ResentInvitationView {
  id!: string;
  @ApiProperty({ enum: INVITATION_STATUSES })
  status!: InvitationStatus;
  startBy!: Date;
  /** The new private link (also sent by email). */
  link!: string;
  /** The secret in the new link, returned only here. */
  token!: string;
}

/** Returned once, on creation: the only time the token and link are shown. */
export class CreatedInvitationView extends InvitationView {
  /** The candidate's private link (also sent by email). */
  link!: string;
  /** The secret in the link: the candidate's credential (the database keeps only its hash). */
  token!: string;
}

export const toInvitationView = (i: Invitation): InvitationView => ({
  id: i.id,
  assessmentId: i.assessmentId,
  assessmentVersionId: i.assessmentVersionId,
  candidateName: i.candidateName,
  candidateEmail: i.candidateEmail,
  status: i.status,
  source: i.source,
  startBy: i.startBy,
  timeLimitMinutes: i.timeLimitMinutes,
  extraMinutes: i.extraMinutes,
  extensionMinutes: i.extensionMinutes,
  startedAt: i.startedAt,
  deadline: i.deadline,
  submittedAt: i.submittedAt,
  submittedBy: i.submittedBy,
  feedbackDueAt: i.feedbackDueAt,
  feedbackSentAt: i.feedbackSentAt,
  createdAt: i.createdAt,
});
