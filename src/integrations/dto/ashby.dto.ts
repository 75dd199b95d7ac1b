import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { HTTP_URL } from '../../common/http/http-url.js';
import { NotBlank, Trim } from '../../common/http/text-rules.js';

export class AshbyCandidateDto {
  @IsString() @MinLength(1) @MaxLength(200) ashby_id: string;
  @Trim() @IsString() @NotBlank() @MaxLength(200) first_name: string;
  @IsString() @MaxLength(200) last_name: string;
  @IsEmail() @MaxLength(254) email: string;
  @IsUrl(HTTP_URL) @MaxLength(2000) ashby_profile_url: string;
}

export class AshbyApplicationDto {
  @IsString() @MinLength(1) @MaxLength(200) ashby_id: string;
  @IsString() @MaxLength(100) status: string;
}

export class AshbyJobDto {
  @IsString() @MinLength(1) @MaxLength(200) ashby_id: string;
  @IsString() @MaxLength(500) name: string;
  @IsOptional() @IsString() @MaxLength(200) req_id?: string | null;
  @IsUrl(HTTP_URL) @MaxLength(2000) ashby_job_url: string;
  /** Ashby's hiring team entries; not read. */
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsOptional()
  @IsArray()
  hiringTeam?: object[];
}

export class AshbyStartDto {
  @IsUUID() assessment_type_id: string;
  @IsObject() @ValidateNested() @Type(() => AshbyCandidateDto) candidate: AshbyCandidateDto;
  @IsObject() @ValidateNested() @Type(() => AshbyApplicationDto) application: AshbyApplicationDto;
  @IsObject() @ValidateNested() @Type(() => AshbyJobDto) job: AshbyJobDto;
  @IsOptional() @IsObject() additional_fields?: Record<string, unknown>;
}

export class AshbyCancelDto {
  @IsUUID() assessment_id: string;
}
