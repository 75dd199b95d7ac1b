import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';

/** The most entries one audit answer holds, and how many when `limit` is not given. */
export const MAX_AUDIT_LIMIT = 1000;
export const DEFAULT_AUDIT_LIMIT = 200;

/**
 * Strict ISO 8601 (isISO8601) also takes forms Date cannot read (`2026-W10`, `2026-061`, basic `20260302T1000Z`),
 * which would reach the database as an invalid date: those are refused here, naming the field.
 */
function IsReadableTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isReadableTime',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && Number.isFinite(Date.parse(value)),
      defaultMessage: () => '$property must be a date or date-time like 2026-03-02 or 2026-03-02T09:00:00Z',
    },
  });
}

/** Filters of the audit trail; each one narrows it, and all of them may be combined. */
export class AuditQueryDto {
  @ApiPropertyOptional({
    description: 'Only entries about this kind of entity: invitation, review, assessment, user, integration, …',
    example: 'invitation',
  })
  @IsOptional()
  @MaxLength(40)
  @Matches(/^[a-z][a-z_]*$/, { message: 'entity must be an entity type in lower case, like invitation' })
  entity?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Only entries about this entity, or about this invitation: a candidate's whole history (their invitation, " +
      'attempt, review and feedback) by the invitation id.',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Only entries this actor made: a staff member's id, an integration key's id, or a candidate's invitation id.",
  })
  @IsOptional()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({ description: 'Only entries at or after this time (inclusive), ISO 8601.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @IsReadableTime()
  from?: string;

  @ApiPropertyOptional({ description: 'Only entries before this time (exclusive), ISO 8601.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @IsReadableTime()
  to?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_AUDIT_LIMIT,
    default: DEFAULT_AUDIT_LIMIT,
    description: 'At most this many entries, newest first.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'Only entries older than this one (its `id`): pass the last `id` of a page to read the next page.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;
}
