import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsObjectEach } from '../../common/http/is-object-each.js';
import { NotBlank, Trim } from '../../common/http/text-rules.js';
import {
  CODE_LANGUAGES,
  type CodeLanguage,
  MAX_EXPECTED_MINUTES,
  QUESTION_TYPES,
  type QuestionType,
} from '../assessment.entity.js';
import { IsRenderableMarkdown } from './renderable-markdown.validator.js';

/** Question and criterion keys appear in URLs (answers/:questionKey) and score maps. */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const KEY_MESSAGE = '$property must be 1-64 letters, digits, "-" or "_"';

/**
 * One section, discriminated by `kind`: the fields of the other kind are ignored (stripped when stored),
 * the fields of its own kind are required.
 */
export class SectionDto {
  @ApiProperty({ enum: ['reading', 'question'] })
  @IsIn(['reading', 'question'])
  kind: 'reading' | 'question';

  @ValidateIf((s: SectionDto) => s.kind === 'reading') @Trim() @IsString() @NotBlank() @MaxLength(200) title?: string;
  @ValidateIf((s: SectionDto) => s.kind === 'reading')
  @IsString()
  @NotBlank()
  @MaxLength(50_000)
  @IsRenderableMarkdown()
  body?: string;

  @ValidateIf((s: SectionDto) => s.kind === 'question')
  @IsString()
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  key?: string;
  @ValidateIf((s: SectionDto) => s.kind === 'question')
  @IsString()
  @NotBlank()
  @MaxLength(20_000)
  @IsRenderableMarkdown()
  prompt?: string;
  @ApiProperty({ enum: QUESTION_TYPES, required: false })
  @ValidateIf((s: SectionDto) => s.kind === 'question')
  @IsIn(QUESTION_TYPES)
  type?: QuestionType;
  @ValidateIf((s: SectionDto) => s.kind === 'question' && (s.type === 'choice' || s.options !== undefined))
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @NotBlank({ each: true })
  @MaxLength(500, { each: true })
  @ApiProperty({ type: [String], required: false })
  options?: string[];
  @IsOptional() @IsBoolean() required?: boolean;
  /** The language of a `code` question's answer; ignored (not stored) for other types. */
  @ApiProperty({ enum: CODE_LANGUAGES, required: false })
  @ValidateIf((s: SectionDto) => s.kind === 'question' && s.language !== undefined)
  @IsIn(CODE_LANGUAGES)
  language?: CodeLanguage;
  /** Minutes a good answer is expected to take (1..480); the editor adds them up against the time limit. */
  @ApiProperty({ required: false, minimum: 1, maximum: MAX_EXPECTED_MINUTES })
  @ValidateIf((s: SectionDto) => s.kind === 'question' && s.expectedMinutes !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_EXPECTED_MINUTES)
  expectedMinutes?: number;
}

/** Markdown to render as the candidate's page would show it (a reading's body or a question's prompt). */
export class MarkdownPreviewDto {
  @IsString() @MaxLength(50_000) @IsRenderableMarkdown() markdown: string;
}

export class RubricCriterionDto {
  @IsString() @Matches(KEY_PATTERN, { message: KEY_MESSAGE }) key: string;
  @Trim() @IsString() @NotBlank() @MaxLength(200) title: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsInt() @Min(1) @Max(10) maxScore: number;
}

export class CreateAssessmentDto {
  @Trim() @IsString() @NotBlank() @MaxLength(200) title: string;
  @Trim() @IsString() @NotBlank() @MaxLength(200) roleTitle: string;
  @IsOptional() @IsString() @MaxLength(200) team?: string;
  @IsInt() @Min(1) @Max(480) timeLimitMinutes: number;
  @IsOptional() @IsInt() @Min(1) @Max(60) startWindowDays?: number;
  @IsOptional() @IsInt() @Min(1) @Max(720) feedbackDueHours?: number;
  /** Comments anchored to passages of the candidate's answers that every feedback needs (default 1). */
  @IsOptional() @IsInt() @Min(0) @Max(20) minAnchoredComments?: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  // Readings have no key: each maps to itself, so only question keys can collide.
  // Elements may be anything here (null, arrays): IsObjectEach reports those, the selector must not throw on them.
  @ArrayUnique((s: SectionDto | null) => (s?.kind === 'question' ? s.key : s), {
    message: 'question keys must be unique',
  })
  // Each element an object: a nested array would otherwise slip past ValidateNested (stored, then a 500).
  @IsObjectEach()
  @ValidateNested({ each: true })
  @Type(() => SectionDto)
  // Explicit for the swagger plugin, which under ts-jest (file by file) cannot see an array's element type.
  @ApiProperty({ type: [SectionDto] })
  sections: SectionDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique((c: RubricCriterionDto | null) => c?.key ?? c, { message: 'rubric keys must be unique' })
  @IsObjectEach()
  @ValidateNested({ each: true })
  @Type(() => RubricCriterionDto)
  @ApiProperty({ type: [RubricCriterionDto] })
  rubric: RubricCriterionDto[];
}
