import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';

/** Filters of the turnaround metrics, the CSV export and the dashboard. */
export class TurnaroundQueryDto {
  @ApiPropertyOptional({ description: 'Start of the window (inclusive), ISO 8601; default: `to` minus 30 days' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the window (exclusive), ISO 8601; default: now' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  assessmentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only submissions this reviewer claimed' })
  @IsOptional() @IsUUID()
  reviewerId?: string;
}
