import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES, DELIVERY_TARGETS, type DeliveryStatus, type DeliveryTarget } from './delivery.entity.js';

/** An outbound call as admins follow it. */
export class DeliveryView {
  id!: string;
  @ApiProperty({ enum: DELIVERY_TARGETS })
  target!: DeliveryTarget;
  /** The webhook's id, or the integration key's for an ATS callback. */
  targetId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  invitationId!: string | null;
  /** The event that caused it (`feedback.sent`, ...). */
  event!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;
  attempts!: number;
  @ApiProperty({ type: Number, nullable: true })
  lastStatusCode!: number | null;
  /** Why the last attempt failed (a network error, a timeout, or the status code); null once delivered. */
  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;
  createdAt!: Date;
  /** When it will be tried next; null unless pending. */
  @ApiProperty({ type: Date, nullable: true })
  nextAttemptAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  deliveredAt!: Date | null;
}

/** One try at a delivery. */
export class DeliveryAttemptView {
  attemptedAt!: Date;
  /** The receiver's answer; null when none came (network error, timeout, refused address). */
  @ApiProperty({ type: Number, nullable: true })
  statusCode!: number | null;
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
  durationMs!: number;
}

/** A delivery with every attempt made at it. */
export class DeliveryDetailView extends DeliveryView {
  method!: string;
  /** Where it goes: the URL's host (its path and query may carry the receiver's secrets). */
  host!: string;
  @ApiProperty({ type: [DeliveryAttemptView] })
  attemptLog!: DeliveryAttemptView[];
}
