import { ApiProperty } from '@nestjs/swagger';
import { type QuestionType } from '../assessments/assessment.entity.js';
import { QUESTION_TYPES } from '../assessments/assessment.view.js';
import { type Decision, DECISIONS } from './feedback-rules.js';

/** Feedback not sent yet: when to expect it. */
export class PendingFeedbackView {
  status!: 'pending';
  feedbackDueAt!: Date;
  /** The due time has passed without feedback. */
  late!: boolean;
  /** The new date promised in the delay notice, when one was sent. */
  promisedBy!: Date | null;
}

/** The reviewer's comment on one rubric criterion. */
export class FeedbackCriterionComment {
  key!: string;
  title!: string;
  comment!: string;
}

/** The passage a comment is anchored to, with its offsets in that answer (in code points). */
export class DeliveredQuote {
  exact!: string;
  start!: number;
  end!: number;
}

/** A reviewer's comment anchored to a passage of the candidate's answer to `questionKey`. */
export class DeliveredComment {
  questionKey!: string;
  quote!: DeliveredQuote;
  text!: string;
}

/** A question as the candidate saw it (prompt in Markdown). */
export class FeedbackQuestion {
  key!: string;
  /** Markdown. */
  prompt!: string;
  @ApiProperty({ enum: QUESTION_TYPES })
  type!: QuestionType;
}

/** The feedback as sent (never the scores or who wrote it). */
export class SentFeedbackView {
  status!: 'sent';
  sentAt!: Date;
  @ApiProperty({ enum: DECISIONS })
  decision!: Decision;
  summary!: string;
  strengths!: string;
  improvements!: string;
  /** A comment on each criterion of the rubric, in its order. */
  @ApiProperty({ type: [FeedbackCriterionComment] })
  criteria!: FeedbackCriterionComment[];
  /** The reviewer's comments anchored to passages of the answers (offsets in code points of that answer). */
  @ApiProperty({ type: [DeliveredComment] })
  comments!: DeliveredComment[];
  /** The candidate's answers as submitted, by question key. */
  @ApiProperty({
    type: 'object',
    description: "The candidate's answers as submitted, by question key.",
    additionalProperties: { type: 'string' },
    example: { design: 'A queue per region, with retries.' },
  })
  answers!: Record<string, string>;
  /** The questions in the order the candidate saw them, so the answers can be shown under their prompts. */
  @ApiProperty({ type: [FeedbackQuestion] })
  questions!: FeedbackQuestion[];
}

/** What the candidate sees: when to expect feedback, then the feedback itself. */
export type CandidateFeedbackView = PendingFeedbackView | SentFeedbackView;
