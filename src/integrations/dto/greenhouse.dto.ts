import { Type } from 'class-transformer';
import { IsEmail, IsObject, IsOptional, IsString, IsUrl, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { HTTP_URL } from './http-url.js';
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

/** Greenhouse reports problems with our answers here; we keep only the interview id. */
export class GreenhouseRequestErrorDto {
  @IsOptional() @IsString() @MaxLength(200) partner_interview_id?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) error?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) message?: string | null;
}
