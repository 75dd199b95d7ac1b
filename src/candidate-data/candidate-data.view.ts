import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { QUESTION_TYPES, type QuestionType } from '../assessments/assessment.view.js';
import { CandidateRatingView } from '../attempts/candidate-rating.view.js';
import {
  INVITATION_STATUSES,
  type InvitationStatus,
  SUBMITTED_BY,
  type SubmittedBy,
} from '../invitations/invitation.view.js';
import {
  type CandidateFeedbackView,
  PendingFeedbackView,
  SentFeedbackView,
} from '../reviews/candidate-feedback.view.js';

// Explicit @ApiProperty wherever the CLI plugin needs the type checker (arrays, imported types): ts-jest compiles
// each file alone, and the tests must see the document the build serves.

/** The invitation as Candor stores it about the candidate: who, for which test, and every date. */
export class ExportedInvitation {
  id!: string;
  assessmentTitle!: string;
  roleTitle!: string;
  candidateName!: string;
  candidateEmail!: string;
  @ApiProperty({ enum: INVITATION_STATUSES })
  status!: InvitationStatus;
  invitedAt!: Date;
  /** The attempt had to be started by then. */
  startBy!: Date;
  /** Minutes the candidate had in all: the test's limit, accommodation and extensions. */
  totalMinutes!: number;
  startedAt!: Date | null;
  deadline!: Date | null;
  submittedAt!: Date | null;
  /** `deadline` when the server submitted the attempt at its deadline. */
  @ApiProperty({ enum: SUBMITTED_BY, nullable: true })
  submittedBy!: SubmittedBy | null;
  feedbackDueAt!: Date | null;
  feedbackSentAt!: Date | null;
}

/** One answer as last saved, under the question it answers. */
export class ExportedAnswer {
  questionKey!: string;
  /** The question, in Markdown; empty when the test no longer has it. */
  prompt!: string;
  @ApiProperty({ enum: QUESTION_TYPES, nullable: true })
  type!: QuestionType | null;
  /** What the candidate wrote (or chose). */
  value!: string;
  /** When it was last saved. */
  savedAt!: Date;
  /** How many times it was saved. */
  revision!: number;
}

/** Everything Candor holds about a candidate's invitation, for them to download (GDPR Art. 15 and 20). */
export class CandidateDataView {
  exportedAt!: Date;
  @ApiProperty({ type: ExportedInvitation })
  invitation!: ExportedInvitation;
  /** The saved answers, in the order of the questions. */
  @ApiProperty({ type: [ExportedAnswer] })
  answers!: ExportedAnswer[];
  @ApiPropertyOptional({
    description:
      'The feedback as the candidate page shows it (`status: "sent"`), or when to expect it (`status: "pending"`); ' +
      'absent before the attempt is submitted.',
    oneOf: [{ $ref: getSchemaPath(PendingFeedbackView) }, { $ref: getSchemaPath(SentFeedbackView) }],
  })
  feedback?: CandidateFeedbackView;
  /** The candidate's own ratings of the test and of the feedback. */
  @ApiProperty({ type: [CandidateRatingView] })
  ratings!: CandidateRatingView[];
}
