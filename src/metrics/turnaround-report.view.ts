import { ApiProperty } from '@nestjs/swagger';
import { TOO_LONG_REASONS, type TooLongReason } from './turnaround-figures.js';

/** The window the report covers: submissions with submitted_at in [from, to). */
export class TurnaroundWindow {
  @ApiProperty({ format: 'date-time' })
  from!: string;
  @ApiProperty({ format: 'date-time' })
  to!: string;
}

/** Whole hours at the 50th and 90th percentile; null with no data. */
export class Percentiles {
  @ApiProperty({ type: Number, nullable: true })
  p50!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  p90!: number | null;
}

/** Percentiles of the hours from submission to feedback, and the longest wait. */
export class FeedbackPercentiles extends Percentiles {
  @ApiProperty({ type: Number, nullable: true })
  max!: number | null;
}

/** The queue now, whatever the window: unclaimed submissions (honours assessmentId only). */
export class QueueNow {
  depth!: number;
  /** Whole hours the oldest of them has waited; null when none waits. */
  oldestWaitingHours!: number | null;
}

/** Candidates' ratings of this reviewer's feedback (1-5), once they received it. */
export class ReviewerRatings {
  count!: number;
  /** Average, two decimals; null without ratings. */
  feedbackUsefulness!: number | null;
}

/** One reviewer's figures over their claims of the window's submissions. */
export class ReviewerFigures {
  id!: string;
  name!: string;
  /** Reviews completed. */
  completed!: number;
  /** Active claims. */
  inProgress!: number;
  /** Whole hours from submission to the feedback they sent; null when they sent none. */
  medianHoursToFeedback!: number | null;
  /** Claims revoked at the feedback deadline. */
  breaches!: number;
  ratings!: ReviewerRatings;
}

/** Candidates' ratings of an assessment (1-5 averages, two decimals; null without ratings). */
export class AssessmentRatings {
  count!: number;
  length!: number | null;
  learning!: number | null;
  feedbackUsefulness!: number | null;
}

/** One assessment's funnel (invitations created in the window) and attempt figures (the window's submissions). */
export class AssessmentFigures {
  id!: string;
  title!: string;
  invited!: number;
  started!: number;
  submitted!: number;
  /** Share (0 to 1, four decimals) of the submissions made by the deadline rather than the candidate. */
  autoSubmittedRate!: number | null;
  /** Whole minutes from start to submission, median. */
  medianMinutesUsed!: number | null;
  timeLimitMinutes!: number;
  /** Whether the test looks too long for its time limit (`tooLongReasons` says why). */
  tooLong!: boolean;
  @ApiProperty({ enum: TOO_LONG_REASONS, isArray: true })
  tooLongReasons!: TooLongReason[];
  ratings!: AssessmentRatings;
}

/** Feedback turnaround over the submissions of a window (definitions: MetricsService). */
export class TurnaroundReport {
  window!: TurnaroundWindow;
  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;
  /** Submitted attempts in the window. */
  submissions!: number;
  /** Those with a completed review. */
  reviewed!: number;
  feedbackSent!: number;
  pendingFeedback!: number;
  /** Feedback not sent and past its due date now. */
  overdueNow!: number;
  /** Feedback deadlines that passed unanswered (even if feedback came later). */
  breaches!: number;
  /** From submission to the first claim. */
  timeToClaimHours!: Percentiles;
  /** From submission to the feedback. */
  timeToFeedbackHours!: FeedbackPercentiles;
  /** Share (0 to 1, four decimals) of the feedback sent on or before its due date; null when none was sent. */
  onTimeRate!: number | null;
  queue!: QueueNow;
  @ApiProperty({ type: [ReviewerFigures] })
  reviewers!: ReviewerFigures[];
  @ApiProperty({ type: [AssessmentFigures] })
  assessments!: AssessmentFigures[];
}
