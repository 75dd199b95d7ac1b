import {
  type Invitation,
  type InvitationSource,
  type InvitationStatus,
  type SubmittedBy,
} from './invitation.entity.js';

export interface InvitationView {
  id: string;
  assessmentId: string;
  assessmentVersionId: string;
  candidateName: string;
  candidateEmail: string;
  status: InvitationStatus;
  source: InvitationSource;
  startBy: Date;
  timeLimitMinutes: number;
  extraMinutes: number;
  extensionMinutes: number;
  startedAt: Date | null;
  deadline: Date | null;
  submittedAt: Date | null;
  submittedBy: SubmittedBy | null;
  feedbackDueAt: Date | null;
  feedbackSentAt: Date | null;
  createdAt: Date;
}

export interface InvitationDetailView extends InvitationView {
  extensions: { minutes: number; reason: string; grantedBy: string | null; createdAt: Date }[];
}

/** Returned once, on creation: the only time the token and link are shown. */
export interface CreatedInvitationView extends InvitationView {
  link: string;
  token: string;
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
