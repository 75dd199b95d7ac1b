import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DELIVERY_STATUSES, DELIVERY_TARGETS, type DeliveryStatus, type DeliveryTarget } from '../delivery.entity.js';

export const MAX_DELIVERY_LIST = 500;

export class ListDeliveriesQueryDto {
  @ApiProperty({ enum: DELIVERY_TARGETS, required: false })
  @IsOptional()
  @IsIn(DELIVERY_TARGETS)
  target?: DeliveryTarget;
  @ApiProperty({ enum: DELIVERY_STATUSES, required: false })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
  /** At most this many, newest first (default 100, at most 500). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_DELIVERY_LIST) limit?: number;
}
