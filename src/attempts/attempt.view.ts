import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { type AssessmentVersion } from '../assessments/assessment.entity.js';
import { AssessmentQuestionSection, AssessmentReadingSection } from '../assessments/assessment.view.js';
import { type Invitation } from '../invitations/invitation.entity.js';
import {
  INVITATION_STATUSES,
  type InvitationStatus,
  SUBMITTED_BY,
  type SubmittedBy,
} from '../invitations/invitation.view.js';
import { type Answer } from './answer.entity.js';

/** One saved answer: the latest value of a question. */
export class SavedAnswer {
  /** The answer as last saved (an empty string clears it). */
  value!: string;
  savedAt!: Date;
  /** How many times this answer has been saved. */
  revision!: number;
}

/** The candidate's saved answers, by question key. */
export type AnswerMap = Record<string, SavedAnswer>;

/** The OpenAPI description of an AnswerMap: an object whose keys are question keys. */
const ANSWER_MAP_PROPERTY = {
  type: 'object',
  description: 'The saved answers, by question key.',
  additionalProperties: { $ref: getSchemaPath(SavedAnswer) },
  example: { design: { value: 'A queue per region.', savedAt: '2026-03-02T09:12:00.000Z', revision: 3 } },
} as const;

// Explicit @ApiProperty wherever the CLI plugin needs the type checker (arrays, imported types): ts-jest compiles
// each file alone, and the tests must see the document the build serves.

/** How many questions of each kind the assessment asks (known before the start; the questions are not). */
export class QuestionCounts {
  text!: number;
  code!: number;
  choice!: number;
}

/** The assessment as the candidate sees it. */
export class AttemptAssessment {
  title!: string;
  roleTitle!: string;
  team!: string | null;
  /** The assessment's own limit, before accommodation and extensions (see `totalMinutes`). */
  timeLimitMinutes!: number;
  /** Feedback is due this many hours after the submission: the promise the start page states as a rule. */
  feedbackDueHours!: number;
  @ApiProperty({ type: QuestionCounts })
  questionCounts!: QuestionCounts;
}

export class AttemptView {
  @ApiProperty({ enum: INVITATION_STATUSES })
  status!: InvitationStatus;
  assessment!: AttemptAssessment;
  /** Time limit plus accommodation and extensions: what this candidate gets. */
  totalMinutes!: number;
  @ApiProperty({ type: [AssessmentReadingSection] })
  readings!: AssessmentReadingSection[];
  /** The attempt must be started by then. */
  startBy!: Date;
  startedAt!: Date | null;
  /** When the attempt ends: startedAt plus totalMinutes. */
  deadline!: Date | null;
  submittedAt!: Date | null;
  /** `deadline` when the server submitted the attempt at its deadline. */
  @ApiProperty({ enum: SUBMITTED_BY, nullable: true })
  submittedBy!: SubmittedBy | null;
  /** When the feedback is due, once submitted. */
  feedbackDueAt!: Date | null;
  /** The server's clock, to count down to the deadline without trusting the device's. */
  serverNow!: Date;
  /** Only once started: the questions stay hidden while the candidate reads. */
  @ApiProperty({ type: [AssessmentQuestionSection], required: false })
  questions?: AssessmentQuestionSection[];
}

/** The attempt as started (or as it is, when started already), with the answers saved so far. */
@ApiExtraModels(SavedAnswer)
export class StartedAttemptView extends AttemptView {
  @ApiProperty(ANSWER_MAP_PROPERTY)
  answers!: AnswerMap;
}

/** One answer as saved. */
export class SavedAnswerView extends SavedAnswer {
  questionKey!: string;
}

/** Every answer the candidate has saved. */
@ApiExtraModels(SavedAnswer)
export class AnswersView {
  @ApiProperty(ANSWER_MAP_PROPERTY)
  answers!: AnswerMap;
}

/** The attempt as submitted (by the candidate, or by the server at the deadline). */
export class SubmissionView {
  @ApiProperty({ enum: INVITATION_STATUSES })
  status!: InvitationStatus;
  submittedAt!: Date | null;
  /** `deadline` when the server submitted the attempt at its deadline. */
  @ApiProperty({ enum: SUBMITTED_BY, nullable: true })
  submittedBy!: SubmittedBy | null;
  feedbackDueAt!: Date | null;
}

export function toAttemptView(invitation: Invitation, version: AssessmentVersion, now: Date): AttemptView {
  return {
    status: invitation.status,
    assessment: {
      title: version.title,
      roleTitle: version.roleTitle,
      team: version.team,
      timeLimitMinutes: version.timeLimitMinutes,
      feedbackDueHours: version.feedbackDueHours,
      questionCounts: countQuestions(version.questions),
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

/** How many questions of each kind (the start page tells the candidate before the questions show). */
export function countQuestions(questions: readonly { type: keyof QuestionCounts }[]): QuestionCounts {
  const counts: QuestionCounts = { text: 0, code: 0, choice: 0 };
  for (const q of questions) counts[q.type] += 1;
  return counts;
}

export const toSubmissionView = (i: Invitation): SubmissionView => ({
  status: i.status,
  submittedAt: i.submittedAt,
  submittedBy: i.submittedBy,
  feedbackDueAt: i.feedbackDueAt,
});

export const toAnswerMap = (answers: Answer[]): AnswerMap =>
  Object.fromEntries(answers.map((a) => [a.questionKey, { value: a.value, savedAt: a.savedAt, revision: a.revision }]));
