import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';

// An empty form field (the dashboard's "all" choice) means no filter.
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/** Filters of the turnaround metrics, the CSV export and the dashboard. */
export class TurnaroundQueryDto {
  @ApiPropertyOptional({ description: 'Start of the window (inclusive), ISO 8601; default: `to` minus 30 days' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the window (exclusive), ISO 8601; default: now' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUUID()
  assessmentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only submissions this reviewer claimed' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUUID()
  reviewerId?: string;
}
