import { type AssessmentVersion, type QuestionSection, type ReadingSection } from '../assessments/assessment.entity.js';
import { type Invitation, type InvitationStatus, type SubmittedBy } from '../invitations/invitation.entity.js';
import { type Answer } from './answer.entity.js';

export interface SavedAnswer {
  value: string;
  savedAt: Date;
  revision: number;
}

export type AnswerMap = Record<string, SavedAnswer>;

export interface AttemptView {
  status: InvitationStatus;
  assessment: { title: string; roleTitle: string; team: string | null; timeLimitMinutes: number };
  /** Time limit plus accommodation and extensions: what this candidate gets. */
  totalMinutes: number;
  readings: ReadingSection[];
  startBy: Date;
  startedAt: Date | null;
  deadline: Date | null;
  submittedAt: Date | null;
  submittedBy: SubmittedBy | null;
  feedbackDueAt: Date | null;
  serverNow: Date;
  /** Only once started: the questions stay hidden while the candidate reads. */
  questions?: QuestionSection[];
}

export interface SubmissionView {
  status: InvitationStatus;
  submittedAt: Date | null;
  submittedBy: SubmittedBy | null;
  feedbackDueAt: Date | null;
}

export function toAttemptView(invitation: Invitation, version: AssessmentVersion, now: Date): AttemptView {
  return {
    status: invitation.status,
    assessment: {
      title: version.title,
      roleTitle: version.roleTitle,
      team: version.team,
      timeLimitMinutes: version.timeLimitMinutes,
    },
    totalMinutes: invitation.totalMinutes,
    readings: version.readings,
    startBy: invitation.startBy,
    startedAt: invitation.startedAt,
    deadline: invitation.deadline,
    submittedAt: invitation.submittedAt,
    submittedBy: invitation.submittedBy,
    feedbackDueAt: invitation.feedbackDueAt,
    serverNow: now,
    ...(invitation.startedAt && invitation.status !== 'withdrawn' && { questions: version.questions }),
  };
}

export const toSubmissionView = (i: Invitation): SubmissionView => ({
  status: i.status,
  submittedAt: i.submittedAt,
  submittedBy: i.submittedBy,
  feedbackDueAt: i.feedbackDueAt,
});

export const toAnswerMap = (answers: Answer[]): AnswerMap =>
  Object.fromEntries(answers.map((a) => [a.questionKey, { value: a.value, savedAt: a.savedAt, revision: a.revision }]));
