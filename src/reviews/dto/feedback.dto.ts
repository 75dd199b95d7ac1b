import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsObjectEach } from '../../common/http/is-object-each.js';
import { type Decision, DECISIONS, type FeedbackInput } from '../feedback-rules.js';

const MAX_TEXT = 20_000;
const MAX_COMMENT = 5_000;
const MAX_KEYS = 50;
const MAX_COMMENTS = 50;
const MAX_CONTEXT = 200;

/** A flat object of at most MAX_KEYS entries whose values are all numbers, or all strings up to maxLength. */
function IsRecordOf(kind: 'number' | 'string', options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRecordOf',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= MAX_KEYS &&
          Object.entries(value).every(
            ([key, v]) =>
              key.length <= 100 &&
              typeof v === kind &&
              (kind === 'number' ? Number.isFinite(v) : (v as string).length <= MAX_COMMENT),
          ),
        defaultMessage: () =>
          kind === 'number'
            ? `$property must map each criterion key to a number (at most ${MAX_KEYS} keys)`
            : `$property must map each criterion key to a comment of at most ${MAX_COMMENT} characters`,
      },
    },
    options,
  );
}

/** A W3C Web Annotation TextQuoteSelector: the passage, and the text around it to pick one of several matches. */
export class TextQuoteDto {
  @ApiProperty({ description: 'The quoted passage of the answer, as it stands there' })
  @IsString()
  @MaxLength(MAX_COMMENT)
  exact: string;
  @ApiPropertyOptional({ description: 'Text just before the passage' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CONTEXT)
  prefix?: string;
  @ApiPropertyOptional({ description: 'Text just after the passage' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CONTEXT)
  suffix?: string;
}

/** A comment on a passage of the candidate's answer to `questionKey`. Whether the passage is there is a rule (422). */
export class AnchoredCommentDto {
  @ApiProperty() @IsString() @MaxLength(100) questionKey: string;
  @ApiProperty({ type: TextQuoteDto }) @IsObject() @ValidateNested() @Type(() => TextQuoteDto) quote: TextQuoteDto;
  @ApiProperty() @IsString() @MaxLength(MAX_COMMENT) text: string;
}

/**
 * Feedback as sent on complete and saved as a draft. Types are checked here (400); whether the feedback is
 * complete and useful is the feedback rules' job (422 on complete, `unmet` on a draft save).
 */
export class FeedbackDto implements FeedbackInput<number, string> {
  @ApiPropertyOptional({ enum: DECISIONS }) @IsOptional() @IsIn(DECISIONS) decision?: Decision;
  @ApiPropertyOptional({ example: { design: 4 } }) @IsOptional() @IsObject() @IsRecordOf('number') scores?: Record<
    string,
    number
  >;
  @ApiPropertyOptional({ example: { design: 'Clear module boundaries.' } })
  @IsOptional()
  @IsObject()
  @IsRecordOf('string')
  criteria?: Record<string, string>;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_TEXT) summary?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_TEXT) strengths?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_TEXT) improvements?: string;

  @ApiPropertyOptional({ type: [AnchoredCommentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_COMMENTS)
  // Each element an object: a nested array would otherwise slip past ValidateNested.
  @IsObjectEach()
  @ValidateNested({ each: true })
  @Type(() => AnchoredCommentDto)
  comments?: AnchoredCommentDto[];
}
