import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Delivery, DeliveryAttempt, type DeliveryStatus, type DeliveryTarget } from './delivery.entity.js';

export interface NewDelivery {
  target: DeliveryTarget;
  targetId: string;
  invitationId: string | null;
  event: string;
  method: 'POST' | 'PATCH';
  url: string;
  body: string | null;
}

export interface DueDelivery {
  id: string;
  attempts: number;
  nextAttemptAt: Date;
}

export interface DeliveryFilter {
  target?: DeliveryTarget;
  targetId?: string;
  status?: DeliveryStatus;
  limit: number;
}

/** An order is one target's calls about one invitation (or the delivery alone, when it is about none). */
const orderKeyOf = (d: NewDelivery): string | null =>
  d.invitationId ? `${d.target}:${d.targetId}:${d.invitationId}` : null;

/** No earlier delivery of the same order is still pending: this one is at the head of its order. */
const AT_HEAD = `NOT EXISTS (
  SELECT 1 FROM deliveries e WHERE e.order_key = d.order_key AND e.seq < d.seq AND e.status = 'pending')`;

/** The deliveries feature's named queries. */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, d: NewDelivery, now: Date): Promise<string> {
    const rows = await m.query<{ id: string }[]>(
      `INSERT INTO deliveries (target, target_id, invitation_id, order_key, event, method, url, body, next_attempt_at, created_at)
       VALUES ($1, $2, $3, COALESCE($4, gen_random_uuid()::text), $5, $6, $7, $8, $9, $9) RETURNING id`,
      [d.target, d.targetId, d.invitationId, orderKeyOf(d), d.event, d.method, d.url, d.body, now],
    );
    return rows[0].id;
  }

  /**
   * Locks a pending delivery that is due (`dueBy`) and at the head of its order, or null: not found, not due,
   * already being sent by another worker (skip locked), or waiting for an earlier one.
   */
  async lockSendable(m: EntityManager, id: string, dueBy: Date): Promise<Delivery | null> {
    const rows = await m.query<{ id: string }[]>(
      `SELECT d.id FROM deliveries d
        WHERE d.id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2 AND ${AT_HEAD}
        FOR UPDATE SKIP LOCKED`,
      [id, dueBy],
    );
    return rows.length === 0 ? null : m.findOneBy(Delivery, { id });
  }

  recordAttempt(m: EntityManager, attempt: Omit<DeliveryAttempt, 'id'>): Promise<unknown> {
    return m.insert(DeliveryAttempt, attempt);
  }

  /** The pending delivery's outcome; false when it was no longer pending (another run recorded it). */
  async finish(
    m: EntityManager,
    id: string,
    changes: Pick<Delivery, 'status' | 'attempts' | 'lastStatusCode' | 'lastError' | 'nextAttemptAt' | 'deliveredAt'>,
  ): Promise<boolean> {
    const result = await m.update(Delivery, { id, status: 'pending' }, changes);
    return (result.affected ?? 0) > 0;
  }

  /** The next pending delivery of an order, once the one before it is done. */
  async nextInOrder(orderKey: string): Promise<DueDelivery | null> {
    const rows = await this.dataSource.query<DueDelivery[]>(
      `SELECT id, attempts, next_attempt_at AS "nextAttemptAt" FROM deliveries
        WHERE order_key = $1 AND status = 'pending' ORDER BY seq LIMIT 1`,
      [orderKey],
    );
    return rows[0] ?? null;
  }

  /** Pending deliveries whose time has come and that are at the head of their order, oldest first. */
  dueHeads(now: Date, limit: number): Promise<DueDelivery[]> {
    return this.dataSource.query<DueDelivery[]>(
      `SELECT d.id, d.attempts, d.next_attempt_at AS "nextAttemptAt" FROM deliveries d
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND ${AT_HEAD}
        ORDER BY d.next_attempt_at LIMIT $2`,
      [now, limit],
    );
  }

  list(filter: DeliveryFilter): Promise<Delivery[]> {
    return this.dataSource.getRepository(Delivery).find({
      // TypeORM refuses undefined in a where: only the filters given.
      where: {
        ...(filter.target && { target: filter.target }),
        ...(filter.targetId && { targetId: filter.targetId }),
        ...(filter.status && { status: filter.status }),
      },
      order: { seq: 'DESC' },
      take: filter.limit,
    });
  }

  findById(id: string): Promise<Delivery | null> {
    return this.dataSource.getRepository(Delivery).findOneBy({ id });
  }

  attemptsOf(deliveryId: string): Promise<DeliveryAttempt[]> {
    return this.dataSource.getRepository(DeliveryAttempt).find({ where: { deliveryId }, order: { id: 'ASC' } });
  }
}
