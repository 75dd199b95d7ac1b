import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { type QuestionType } from '../assessments/assessment.entity.js';
import { type SubmittedBy } from '../invitations/invitation.entity.js';
import { QUESTION_TYPES } from '../assessments/assessment.view.js';
import { SavedAnswer } from '../attempts/attempt.view.js';
import { SUBMITTED_BY } from '../invitations/invitation.view.js';
import { FeedbackDto } from './dto/feedback.dto.js';
import { type FeedbackInput } from './feedback-rules.js';
import { FeedbackLimits, UnmetRule } from './feedback-rules.view.js';
import { REVIEW_STATUSES, type ReviewStatus } from './review.entity.js';

/** The assessment a submission answers. */
export class SubmissionAssessment {
  title!: string;
  roleTitle!: string;
}

/** One criterion of the assessment's rubric: the feedback scores it (1 to maxScore) and comments on it. */
export class SubmissionRubricCriterion {
  /** The key of the criterion in `scores` and `criteria`. */
  key!: string;
  title!: string;
  description?: string;
  maxScore!: number;
}

/** A reading the candidate had (Markdown). */
export class SubmissionReading {
  title!: string;
  /** Markdown. */
  body!: string;
}

/** A question as the candidate saw it (prompt in Markdown). */
export class SubmissionQuestion {
  key!: string;
  /** Markdown. */
  prompt!: string;
  @ApiProperty({ enum: QUESTION_TYPES })
  type!: QuestionType;
  /** The choices of a `choice` question. */
  @ApiProperty({ type: [String], required: false })
  options?: string[];
  required!: boolean;
}

/** What a reviewer may see of a submission: the work, never who did it. */
@ApiExtraModels(SavedAnswer)
export class SubmissionContent {
  assessment!: SubmissionAssessment;
  @ApiProperty({ type: [SubmissionRubricCriterion] })
  rubric!: SubmissionRubricCriterion[];
  /** The readings the candidate had (Markdown), so the reviewer knows what they were told. */
  @ApiProperty({ type: [SubmissionReading] })
  readings!: SubmissionReading[];
  /** The questions in the order the candidate saw them. */
  @ApiProperty({ type: [SubmissionQuestion] })
  questions!: SubmissionQuestion[];
  @ApiProperty({
    type: 'object',
    description: 'The answers as submitted, by question key (an unanswered question has none).',
    additionalProperties: { $ref: getSchemaPath(SavedAnswer) },
  })
  answers!: Record<string, SavedAnswer>;
  startedAt!: Date | null;
  submittedAt!: Date;
  /** `candidate` or `deadline` (auto-submitted). */
  @ApiProperty({ enum: SUBMITTED_BY })
  submittedBy!: SubmittedBy;
  /** Whole minutes from start to submission (an auto-submission counts up to the deadline). */
  minutesUsed!: number | null;
  /** What this candidate had: the assessment's limit plus accommodation and extensions. */
  timeLimitMinutes!: number;
  feedbackDueAt!: Date;
  /** The assessment version's minimum number of anchored comments. */
  minAnchoredComments!: number;
}

/** A claimed submission as its reviewer sees it: blind (no candidate name or email anywhere). */
export class ReviewView extends SubmissionContent {
  id!: string;
  /** The submission (invitation) under review. */
  submissionId!: string;
  @ApiProperty({ enum: REVIEW_STATUSES })
  status!: ReviewStatus;
  claimedAt!: Date;
  /** The claim returns to the queue then unless a draft save renews it. */
  leaseExpiresAt!: Date;
  /** The feedback as last saved: what the draft endpoint accepted (`{}` before the first save). */
  @ApiProperty({ type: () => FeedbackDto })
  draft!: FeedbackInput<number, string>;
  /** The feedback rules the current draft does not meet yet. */
  @ApiProperty({ type: [UnmetRule] })
  unmet!: UnmetRule[];
  /** The minimum lengths and counts the rules ask for, to show beside the fields. */
  @ApiProperty({ type: FeedbackLimits })
  limits!: FeedbackLimits;
}

/** A saved draft: the lease it renewed and the feedback rules still unmet. */
export class DraftSaved {
  id!: string;
  @ApiProperty({ enum: REVIEW_STATUSES })
  status!: ReviewStatus;
  savedAt!: Date;
  leaseExpiresAt!: Date;
  /** The feedback rules the saved draft does not meet yet. */
  @ApiProperty({ type: [UnmetRule] })
  unmet!: UnmetRule[];
}

/** The review queue: submissions waiting for a reviewer, and the caller's share of the claims. */
export class QueueStatus {
  /** Submissions waiting to be claimed. */
  depth!: number;
  /** The earliest feedback deadline among them, or null when none waits. */
  nearestFeedbackDueAt!: Date | null;
  /** How many claims one reviewer may hold at once. */
  maxActive!: number;
  /** How many the caller holds. */
  mine!: number;
}

/** A released claim: the submission is back in the queue. */
export class ReleasedReview {
  id!: string;
  status!: 'released';
}

/** A completed review: the feedback went to the candidate. */
export class CompletedReview {
  status!: 'completed';
  feedbackSentAt!: Date;
}
