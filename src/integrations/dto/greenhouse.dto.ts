import { Type } from 'class-transformer';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
  ValidateNested,
} from 'class-validator';
import { HTTP_URL } from '../../common/http/http-url.js';
import { NotBlank, Trim } from '../../common/http/text-rules.js';

export class GreenhouseCandidateDto {
  @Trim() @IsString() @NotBlank() @MaxLength(200) first_name: string;
  @IsString() @MaxLength(200) last_name: string;
  @IsEmail() @MaxLength(254) email: string;
  @IsUrl(HTTP_URL) @MaxLength(2000) greenhouse_profile_url: string;
  @IsOptional() @IsUrl(HTTP_URL) @MaxLength(2000) resume_url?: string | null;
  @IsOptional() @IsString() @MaxLength(50) phone_number?: string | null;
}

export class GreenhouseSendTestDto {
  @IsUUID() partner_test_id: string;
  @IsObject() @ValidateNested() @Type(() => GreenhouseCandidateDto) candidate: GreenhouseCandidateDto;
  /** Where Greenhouse wants to hear that the test is complete. */
  @IsUrl(HTTP_URL) @MaxLength(2000) url: string;
}

export class GreenhouseTestStatusQueryDto {
  @IsUUID() partner_interview_id: string;
}

/** Greenhouse sends its ids as strings or as integers. */
function IsStringOrInteger(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringOrInteger',
      validator: {
        validate: (value: unknown) => (typeof value === 'string' && value.length <= 200) || Number.isSafeInteger(value),
        defaultMessage: () => '$property must be a string (at most 200 characters) or an integer',
      },
    },
    options,
  );
}

const STRING_OR_INTEGER_ID: ApiPropertyOptions = {
  oneOf: [{ type: 'string', maxLength: 200 }, { type: 'integer' }],
  nullable: true,
  required: false,
};

/**
 * Greenhouse reports a call of ours that failed (its body: `api_call`, `errors`, the ids it knows, ids as strings
 * or integers). `error` and `message` are still accepted from senders of the older shape.
 */
export class GreenhouseRequestErrorDto {
  /** Which of our endpoints failed, e.g. `test_status`. */
  @IsOptional() @IsString() @MaxLength(200) api_call?: string | null;
  /** What went wrong, in Greenhouse's words. */
  @ApiProperty({ type: [String], nullable: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(5000, { each: true })
  errors?: string[] | null;
  @ApiProperty(STRING_OR_INTEGER_ID)
  @IsOptional()
  @IsStringOrInteger()
  partner_test_id?: string | number | null;
  @IsOptional() @IsString() @MaxLength(500) partner_test_name?: string | null;
  @ApiProperty(STRING_OR_INTEGER_ID)
  @IsOptional()
  @IsStringOrInteger()
  partner_interview_id?: string | number | null;
  @IsOptional() @IsString() @MaxLength(254) candidate_email?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) error?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) message?: string | null;
}
