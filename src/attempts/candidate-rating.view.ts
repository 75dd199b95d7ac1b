import { ApiProperty } from '@nestjs/swagger';

/** Mirrored by candidate_ratings_stage_check. */
export const RATING_STAGES = ['after_submit', 'after_feedback'] as const;
export type RatingStage = (typeof RATING_STAGES)[number];

/** A candidate's rating of one stage, as stored (the first one given for that stage). */
export class CandidateRatingView {
  @ApiProperty({ enum: RATING_STAGES })
  stage!: RatingStage;
  /** 1-5: the candidate's rating of the test's length. Given after submitting; optional after feedback. */
  length!: number | null;
  /** 1-5: what the candidate learned from the test. Given after submitting; optional after feedback. */
  learning!: number | null;
  /** 1-5: how useful the feedback was. Only after feedback (given there). */
  feedbackUsefulness!: number | null;
  /** What the candidate wrote, trimmed; never logged. */
  comment!: string | null;
  createdAt!: Date;
}
