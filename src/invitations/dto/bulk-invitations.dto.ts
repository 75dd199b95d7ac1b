import { ApiProperty } from '@nestjs/swagger';
import { CreateInvitationDto } from './create-invitation.dto.js';

/** The most candidates one bulk request may invite. */
export const MAX_BULK_ROWS = 1000;

/** The JSON form of a bulk invitation (the CSV form has one data row per element, under the same names). */
export class BulkInvitationsDto {
  @ApiProperty({ type: [CreateInvitationDto], minItems: 1, maxItems: MAX_BULK_ROWS })
  invitations!: CreateInvitationDto[];
}
