import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_TARGETS = ['webhook', 'greenhouse', 'ashby'] as const;
/** Who a delivery goes to: a registered webhook, or the ATS an invitation came from. */
export type DeliveryTarget = (typeof DELIVERY_TARGETS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One outbound call Candor owes, written with the change that caused it; sent and retried by a job. */
@Entity({ name: 'deliveries' })
export class Delivery {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Creation order: within an order key, deliveries go out in this order. */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column('text') target: DeliveryTarget;
  /** The webhook's id, or the integration key's. */
  @Column('uuid') targetId: string;
  @Column('uuid', { nullable: true }) invitationId: string | null;
  /** Deliveries sharing a key go out one at a time, oldest first: one target's calls about one invitation. */
  @Column('text') orderKey: string;
  @Column('text') event: string;
  @Column('text') method: 'POST' | 'PATCH';
  @Column('text') url: string;
  /** Stored for webhooks (signed when sent); null when the target builds it when sending, or sends none. */
  @Column('text', { nullable: true }) body: string | null;
  @Column('text') status: DeliveryStatus;
  @Column('integer') attempts: number;
  @Column('integer', { nullable: true }) lastStatusCode: number | null;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz') nextAttemptAt: Date;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz', { nullable: true }) deliveredAt: Date | null;
}

/** One try at a delivery: what came back, or why nothing did, and how long it took. */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttempt {
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) id: string;
  @Column('uuid') deliveryId: string;
  @Column('timestamptz') attemptedAt: Date;
  @Column('integer', { nullable: true }) statusCode: number | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('integer') durationMs: number;
}
