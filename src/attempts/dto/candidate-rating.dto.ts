import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { RATING_COMMENT_MAX_CHARS, RATING_STAGES, type RatingStage } from '../candidate-rating.js';

/**
 * At most `max` characters counted as code points, as PostgreSQL's char_length counts them (class-validator's
 * MaxLength discounts variation selectors, so a string it accepts could still break the table's CHECK).
 */
function MaxCodePoints(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxCodePoints',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && Array.from(value).length <= max,
        defaultMessage: () => `$property must be at most ${max} characters`,
      },
    },
    options,
  );
}

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/**
 * A candidate's 1-5 rating. After submitting: the test's length and what they learned (both required).
 * After feedback: how useful the feedback was (required), length and learning optional. Which fields a stage
 * requires is checked by checkRatingShape (400 naming the field).
 */
export class CandidateRatingDto {
  @IsIn(RATING_STAGES) stage: RatingStage;
  /** Required with stage after_submit. */
  @IsOptional() @IsInt() @Min(1) @Max(5) length?: number;
  /** Required with stage after_submit. */
  @IsOptional() @IsInt() @Min(1) @Max(5) learning?: number;
  /** Required with stage after_feedback; refused with after_submit. */
  @IsOptional() @IsInt() @Min(1) @Max(5) feedbackUsefulness?: number;
  /** What the candidate wants to say (about the feedback, after it), trimmed; at most 2000 characters. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxCodePoints(RATING_COMMENT_MAX_CHARS)
  // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
  // eslint-disable-next-line no-control-regex -- matching NUL is the point
  @Matches(/^[^\u0000]*$/, { message: 'comment must not contain NUL characters' })
  comment?: string;
}
