import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

// An empty form field (the dashboard's "all" choice) means no filter.
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The dashboard form's filters. Unlike the API's `[from, to)`, both dates are whole UTC days and `to` is
 * included, as a person reads a date range; the presenter turns them into the API's window.
 */
export class DashboardQueryDto {
  /** First day shown (UTC); default: 29 days before `to`, so 30 days in all. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date like 2026-11-30' })
  @IsISO8601({ strict: true })
  from?: string;

  /** Last day shown (UTC), included; default: today. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date like 2026-11-30' })
  @IsISO8601({ strict: true })
  to?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUUID()
  assessmentId?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUUID()
  reviewerId?: string;
}
