import { ApiProperty } from '@nestjs/swagger';
import { WEEKDAY_NAMES } from '../common/clock/working-week.js';

/** The working week the forecast counts in (REVIEW_WORKING_DAYS and REVIEW_WORKING_HOURS). */
export class ForecastWorkingWeek {
  /** The working days, Sunday first (names from WEEKDAY_NAMES). */
  @ApiProperty({ enum: WEEKDAY_NAMES, isArray: true })
  days!: string[];
  /** The working hours, e.g. `09-17 UTC`. */
  hours!: string;
}

/** An active reviewer and the reviews they completed over the pace window. */
export class ForecastReviewer {
  id!: string;
  name!: string;
  completed!: number;
}

/** A submission forecast to get its feedback after its due date. */
export class AtRiskSubmission {
  invitationId!: string;
  assessmentTitle!: string;
  /** `submitted` or `in_review`; `started` for an attempt still being written (it joins at its deadline). */
  @ApiProperty({ enum: ['submitted', 'in_review', 'started'] })
  status!: 'submitted' | 'in_review' | 'started';
  feedbackDueAt!: Date;
  /** When, at the team's pace, its feedback would be sent. */
  expectedAt!: Date;
}

/** Which pending feedback the team, at its recent pace, will send after its date. */
export class CapacityForecastView {
  generatedAt!: Date;
  workingWeek!: ForecastWorkingWeek;
  /** Working days of completed reviews the pace is measured over (one decimal). */
  paceWorkingDays!: number;
  /** Reviews a working day the active reviewers have completed lately; null while there is too little history. */
  reviewsPerWorkingDay!: number | null;
  @ApiProperty({ type: [ForecastReviewer] })
  reviewers!: ForecastReviewer[];
  /** Submissions waiting for feedback. */
  pending!: number;
  /** Attempts still being written. */
  writing!: number;
  /** When, at this pace, the last of them would have its feedback; null without a pace, or with nothing pending. */
  clearsAt!: Date | null;
  /** The submissions forecast to miss their feedback date, in queue order. */
  @ApiProperty({ type: [AtRiskSubmission] })
  atRisk!: AtRiskSubmission[];
}
