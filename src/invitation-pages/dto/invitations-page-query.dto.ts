import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { INVITATION_STATUSES, type InvitationStatus } from '../../invitations/invitation.view.js';

/** The filter form sends every field, empty when not chosen: an empty one is no filter. */
const EmptyIsNone = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    const text = typeof value === 'string' ? value.trim() : value;
    return text === '' ? undefined : text;
  });

/** The page's filters (the list's), and `id` to show one invitation (the dashboard links there). */
export class InvitationsPageQueryDto {
  @EmptyIsNone() @IsOptional() @IsUUID() assessmentId?: string;
  @EmptyIsNone() @IsOptional() @IsIn(INVITATION_STATUSES) status?: InvitationStatus;
  @EmptyIsNone() @IsOptional() @IsString() @MaxLength(254) q?: string;
  @EmptyIsNone() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  // Bounded as the API's offset is: a huge one (`1e20`) was an integer to the validator and a 500 in PostgreSQL.
  @EmptyIsNone() @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) offset?: number;
  @EmptyIsNone() @IsOptional() @IsUUID() id?: string;
}
