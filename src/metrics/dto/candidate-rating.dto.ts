import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RATING_STAGES, type RatingStage } from '../candidate-rating.js';

/** A candidate's 1-5 rating of the test's length, what they learned, and (after feedback) its usefulness. */
export class CandidateRatingDto {
  @IsIn(RATING_STAGES) stage: RatingStage;
  @IsInt() @Min(1) @Max(5) length: number;
  @IsInt() @Min(1) @Max(5) learning: number;
  /** Only with stage after_feedback. */
  @IsOptional() @IsInt() @Min(1) @Max(5) feedbackUsefulness?: number;
}
