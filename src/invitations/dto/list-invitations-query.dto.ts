import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { INVITATION_STATUSES, type InvitationStatus } from '../invitation.entity.js';

export class ListInvitationsQueryDto {
  @IsOptional() @IsUUID() assessmentId?: string;
  @ApiProperty({ enum: INVITATION_STATUSES, required: false })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}
