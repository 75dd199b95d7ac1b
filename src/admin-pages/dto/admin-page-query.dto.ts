import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { type DeliveryStatus, type DeliveryTarget } from '../../deliveries/delivery.entity.js';
import { DELIVERY_STATUS_LABELS, DELIVERY_TARGET_LABELS } from '../admin-format.js';

// The labels are the page's lists of targets and statuses: the compiler checks they name every one there is.
const TARGET_LABELS: Record<DeliveryTarget, string> = DELIVERY_TARGET_LABELS;
const STATUS_LABELS: Record<DeliveryStatus, string> = DELIVERY_STATUS_LABELS;
export const DELIVERY_TARGET_CHOICES = Object.keys(TARGET_LABELS) as DeliveryTarget[];
export const DELIVERY_STATUS_CHOICES = Object.keys(STATUS_LABELS) as DeliveryStatus[];

/** The deliveries filter form sends both fields, empty when not chosen: an empty one is no filter. */
const EmptyIsNone = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/** The admin page's query: the deliveries section's filters. */
export class AdminPageQueryDto {
  @EmptyIsNone() @IsOptional() @IsIn(DELIVERY_TARGET_CHOICES) target?: DeliveryTarget;
  @EmptyIsNone() @IsOptional() @IsIn(DELIVERY_STATUS_CHOICES) status?: DeliveryStatus;
}
