import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Trim } from '../../common/http/text-rules.js';
import { INVITATION_STATUSES, type InvitationStatus } from '../invitation.entity.js';

/** The most invitations one list answer holds. */
export const MAX_LIST_LIMIT = 1000;

/**
 * The furthest `offset`: far beyond any list, and it keeps the number an exact integer that PostgreSQL's bigint
 * OFFSET takes (`offset=1e20` passed as an integer and failed in the database as a 500).
 */
export const MAX_LIST_OFFSET = 1_000_000_000;

export class ListInvitationsQueryDto {
  @IsOptional() @IsUUID() assessmentId?: string;
  @ApiProperty({ enum: INVITATION_STATUSES, required: false })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
  /** Part of the candidate's name or email, any case. */
  @IsOptional() @Trim() @IsString() @MaxLength(254) q?: string;
  /** At most this many, newest first (default and most: 1000). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LIST_LIMIT) limit?: number;
  /** Skips this many of the newest first: with `limit`, one page after another. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_LIST_OFFSET) offset?: number;
}
