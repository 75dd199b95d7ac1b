import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { type AssessmentVersion, type QuestionType } from '../assessments/assessment.entity.js';
import { type Invitation, type InvitationStatus, type SubmittedBy } from '../invitations/invitation.entity.js';
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

/*
 * The values of unions owned by other features, for the OpenAPI document (their lists live in entity files, which
 * another feature may not import as values). A Record of every member, so the compiler checks each list is
 * complete and has nothing extra. Explicit @ApiProperty below wherever the CLI plugin needs the type checker
 * (arrays, imported types): ts-jest compiles each file alone, and the tests must see the document the build serves.
 */
const keysOf = <T extends string>(members: Record<T, true>): T[] => Object.keys(members) as T[];
export const INVITATION_STATUS_VALUES = keysOf<InvitationStatus>({
  invited: true,
  started: true,
  submitted: true,
  in_review: true,
  feedback_sent: true,
  expired: true,
  withdrawn: true,
});
export const SUBMITTED_BY_VALUES = keysOf<SubmittedBy>({ candidate: true, deadline: true });
export const QUESTION_TYPE_VALUES = keysOf<QuestionType>({ text: true, code: true, choice: true });

/** The assessment as the candidate sees it. */
export class AttemptAssessment {
  title!: string;
  roleTitle!: string;
  team!: string | null;
  /** The assessment's own limit, before accommodation and extensions (see `totalMinutes`). */
  timeLimitMinutes!: number;
}

/** A reading the candidate gets before starting (Markdown). */
export class AttemptReading {
  kind!: 'reading';
  title!: string;
  /** Markdown. */
  body!: string;
}

/** A question, shown once the attempt is started (prompt in Markdown). */
export class AttemptQuestion {
  kind!: 'question';
  /** The key answers are saved under (`PUT answers/:questionKey`). */
  key!: string;
  /** Markdown. */
  prompt!: string;
  @ApiProperty({ enum: QUESTION_TYPE_VALUES })
  type!: QuestionType;
  /** The choices of a `choice` question: its answer is one of them. */
  @ApiProperty({ type: [String], required: false })
  options?: string[];
  required!: boolean;
}

export class AttemptView {
  @ApiProperty({ enum: INVITATION_STATUS_VALUES })
  status!: InvitationStatus;
  assessment!: AttemptAssessment;
  /** Time limit plus accommodation and extensions: what this candidate gets. */
  totalMinutes!: number;
  @ApiProperty({ type: [AttemptReading] })
  readings!: AttemptReading[];
  /** The attempt must be started by then. */
  startBy!: Date;
  startedAt!: Date | null;
  /** When the attempt ends: startedAt plus totalMinutes. */
  deadline!: Date | null;
  submittedAt!: Date | null;
  /** `deadline` when the server submitted the attempt at its deadline. */
  @ApiProperty({ enum: SUBMITTED_BY_VALUES, nullable: true })
  submittedBy!: SubmittedBy | null;
  /** When the feedback is due, once submitted. */
  feedbackDueAt!: Date | null;
  /** The server's clock, to count down to the deadline without trusting the device's. */
  serverNow!: Date;
  /** Only once started: the questions stay hidden while the candidate reads. */
  @ApiProperty({ type: [AttemptQuestion], required: false })
  questions?: AttemptQuestion[];
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
  @ApiProperty({ enum: INVITATION_STATUS_VALUES })
  status!: InvitationStatus;
  submittedAt!: Date | null;
  /** `deadline` when the server submitted the attempt at its deadline. */
  @ApiProperty({ enum: SUBMITTED_BY_VALUES, nullable: true })
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
