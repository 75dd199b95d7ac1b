import { performance } from 'node:perf_hooks';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { afterCommit } from '../common/database/after-commit.js';
import { sendOutbound } from '../common/net/outbound-http.js';
import { AppConfig } from '../config/app-config.js';
import { jobId } from '../jobs/job-names.js';
import { JobsService } from '../jobs/jobs.service.js';
import {
  DeliveriesRepository,
  type DeliveryFilter,
  type DueDelivery,
  type NewDelivery,
} from './deliveries.repository.js';
import { DELIVERY_TARGETS, type Delivery, type DeliveryTarget } from './delivery.entity.js';
import { isDelivered, nextDeliveryAttempt } from './delivery-retry.js';
import { type DeliveryDetailView, type DeliveryView } from './delivery.view.js';
import { DeliveryNotFoundError } from './deliveries.errors.js';

/** What a target sends for a delivery now (its signature is made at send time), or why it is not sent at all. */
export type PreparedCall = { headers: Record<string, string>; body: string | null } | { cancel: string };
export type DeliveryPreparer = (delivery: Delivery, now: Date) => Promise<PreparedCall>;

/** Every outbound call has this bound (DNS, connect, answer). */
const CALL_TIMEOUT_MS = 10_000;
/** A delayed job may fire a little before the stored time by the injected clock: still due. */
const EARLY_TOLERANCE_MS = 1_000;
const SWEEP_BATCH = 100;
/** A due delivery this long past its time is taken as stuck (its job lost, or held by a dead worker). */
const STUCK_AFTER_MS = 10_000;
/** How long an accepted call's record is retried while the database is away (PostgreSQL restarting). */
const MARK_DELIVERED_RETRY_MS = 60_000;

interface AcceptedCall {
  delivery: Delivery;
  attempts: number;
  statusCode: number;
  at: Date;
  durationMs: number;
}

/**
 * The one outbound delivery mechanism (webhooks, Greenhouse's PATCH, Ashby's assessment.update): a delivery row
 * is written in the transaction of the change that caused it, its job queued once that commits; a retried job
 * sends it under a row lock, oldest first within its order, and records every attempt. The sweep re-queues what
 * is due and lost. Targets register how to build their call (headers, signature, body) when it is sent.
 */
@Injectable()
export class DeliveriesService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveriesService.name);
  private readonly preparers = new Map<DeliveryTarget, DeliveryPreparer>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: DeliveriesRepository,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('delivery.send', ({ deliveryId }) => this.send(deliveryId));
    this.jobs.registerSweep('deliveries', (now) => this.requeueDue(now));
  }

  /** A worker without a target's preparer would fail its deliveries only when sent: refuse to start instead. */
  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    const missing = DELIVERY_TARGETS.filter((t) => !this.preparers.has(t));
    if (missing.length > 0) throw new Error(`no delivery preparer registered for ${missing.join(', ')}`);
  }

  registerTarget(target: DeliveryTarget, preparer: DeliveryPreparer): void {
    this.preparers.set(target, preparer);
  }

  /** Writes a delivery in the caller's transaction; its job is queued once that transaction commits. */
  async enqueue(manager: EntityManager, delivery: NewDelivery): Promise<string> {
    const id = await this.repository.insert(manager, delivery, this.clock.now());
    await afterCommit(manager, () => this.queue({ id, attempts: 0 }, 'new'));
    return id;
  }

  /**
   * Sends one delivery if it is pending, due and first in its order; records the attempt, then either marks it
   * delivered, schedules the next try, or gives up (past a day of tries). Safe to run twice: the row lock and the
   * pending/due checks make a second run a no-op.
   */
  async send(deliveryId: string): Promise<void> {
    const now = this.clock.now();
    // Set once the receiver accepted it: if the transaction that records that is lost (the database went away
    // after the answer, before the commit), it is recorded afresh rather than sent a second time.
    let accepted: AcceptedCall | null = null;
    let outcome: { delivery: Delivery; retryAt: Date | null } | null;
    try {
      outcome = await this.dataSource.transaction(async (m) => {
        const delivery = await this.repository.lockSendable(
          m,
          deliveryId,
          new Date(now.getTime() + EARLY_TOLERANCE_MS),
        );
        if (!delivery) return null;
        const attempts = delivery.attempts + 1;
        const prepared = await this.preparerOf(delivery.target)(delivery, now);
        if ('cancel' in prepared) {
          await this.repository.finish(m, delivery.id, {
            status: 'failed',
            attempts: delivery.attempts,
            lastStatusCode: delivery.lastStatusCode,
            lastError: prepared.cancel,
            nextAttemptAt: delivery.nextAttemptAt,
            deliveredAt: null,
          });
          return { delivery, retryAt: null };
        }
        const { statusCode, error, durationMs } = await this.call(delivery, prepared);
        const at = this.clock.now();
        // From here on, a lost transaction must not mean a second send.
        if (statusCode !== null && isDelivered(statusCode))
          accepted = { delivery, attempts, statusCode, at, durationMs };
        await this.repository.recordAttempt(m, {
          deliveryId: delivery.id,
          attemptedAt: at,
          statusCode,
          error,
          durationMs,
        });
        if (accepted) {
          await this.repository.finish(m, delivery.id, {
            status: 'delivered',
            attempts,
            lastStatusCode: statusCode,
            lastError: null,
            nextAttemptAt: delivery.nextAttemptAt,
            deliveredAt: at,
          });
          return { delivery, retryAt: null };
        }
        const retryAt = nextDeliveryAttempt(delivery.createdAt, attempts, at);
        const lastError = error ?? `HTTP ${statusCode}`;
        await this.repository.finish(m, delivery.id, {
          status: retryAt ? 'pending' : 'failed',
          attempts,
          lastStatusCode: statusCode,
          lastError,
          nextAttemptAt: retryAt ?? delivery.nextAttemptAt,
          deliveredAt: null,
        });
        // The id and the event only: the URL can carry the receiver's secrets.
        this.logger.warn(
          `delivery ${delivery.id} (${delivery.target} ${delivery.event}) attempt ${attempts} failed: ${lastError}` +
            (retryAt ? '' : '; giving up after a day of tries'),
        );
        return { delivery, retryAt };
      });
    } catch (err) {
      if (!accepted) throw err;
      await this.markDelivered(accepted, err as Error);
      outcome = { delivery: (accepted as AcceptedCall).delivery, retryAt: null };
    }
    if (!outcome) return;
    if (outcome.retryAt) {
      await this.jobs.addSafely(
        'delivery.send',
        { deliveryId },
        { jobId: jobId('delivery', deliveryId, outcome.delivery.attempts + 1), runAt: outcome.retryAt },
      );
      return;
    }
    // Done one way or the other: the next of its order may go.
    const next = await this.repository.nextInOrder(outcome.delivery.orderKey);
    if (next) await this.queue(next, `after.${deliveryId}`);
  }

  /**
   * Records a call the receiver accepted after the transaction that was to record it failed: retried in short steps
   * until the database is back (at most a minute), so that neither the job's retry nor the sweep sends it again.
   */
  private async markDelivered(call: AcceptedCall, cause: Error): Promise<void> {
    const until = Date.now() + MARK_DELIVERED_RETRY_MS;
    for (;;) {
      try {
        await this.dataSource.transaction(async (m) => {
          const marked = await this.repository.finish(m, call.delivery.id, {
            status: 'delivered',
            attempts: call.attempts,
            lastStatusCode: call.statusCode,
            lastError: null,
            nextAttemptAt: call.delivery.nextAttemptAt,
            deliveredAt: call.at,
          });
          if (marked)
            await this.repository.recordAttempt(m, {
              deliveryId: call.delivery.id,
              attemptedAt: call.at,
              statusCode: call.statusCode,
              error: null,
              durationMs: call.durationMs,
            });
        });
        this.logger.warn(
          `delivery ${call.delivery.id} was accepted while the database was away (${cause.message}); recorded it once the database was back`,
        );
        return;
      } catch (err) {
        if (Date.now() > until || !this.dataSource.isInitialized) {
          this.logger.error(
            `delivery ${call.delivery.id} was accepted but could not be recorded; it will be sent again: ${(err as Error).message}`,
          );
          throw err;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async list(filter: DeliveryFilter): Promise<DeliveryView[]> {
    return (await this.repository.list(filter)).map(toView);
  }

  async detail(id: string): Promise<DeliveryDetailView> {
    const delivery = await this.repository.findById(id);
    if (!delivery) throw new DeliveryNotFoundError();
    const attempts = await this.repository.attemptsOf(id);
    return {
      ...toView(delivery),
      method: delivery.method,
      host: hostOf(delivery.url),
      attemptLog: attempts.map((a) => ({
        attemptedAt: a.attemptedAt,
        statusCode: a.statusCode,
        error: a.error,
        durationMs: a.durationMs,
      })),
    };
  }

  private preparerOf(target: DeliveryTarget): DeliveryPreparer {
    const preparer = this.preparers.get(target);
    if (!preparer) throw new Error(`no delivery preparer registered for ${target}`);
    return preparer;
  }

  private async call(
    delivery: Delivery,
    prepared: { headers: Record<string, string>; body: string | null },
  ): Promise<{ statusCode: number | null; error: string | null; durationMs: number }> {
    const started = performance.now();
    try {
      const { statusCode } = await sendOutbound({
        method: delivery.method,
        url: delivery.url,
        headers: prepared.headers,
        body: prepared.body,
        timeoutMs: CALL_TIMEOUT_MS,
        allowPrivate: this.config.outbound.allowPrivate,
      });
      return { statusCode, error: null, durationMs: Math.round(performance.now() - started) };
    } catch (err) {
      return {
        statusCode: null,
        error: (err as Error).message.slice(0, 500),
        durationMs: Math.round(performance.now() - started),
      };
    }
  }

  /** Job ids: `new` when written, `after.<id>` when the one before it is done, the attempt number for a retry. */
  private queue(d: Pick<DueDelivery, 'id' | 'attempts'>, reason: string): Promise<void> {
    return this.jobs.addSafely(
      'delivery.send',
      { deliveryId: d.id },
      { jobId: jobId('delivery', d.id, d.attempts, reason) },
    );
  }

  /** Safety net: due heads of their order get a job, one per stuck window (an older job id may still be held). */
  private async requeueDue(now: Date): Promise<void> {
    const due = await this.repository.dueHeads(now, SWEEP_BATCH);
    const window = Math.max(STUCK_AFTER_MS, 2 * this.config.queue.sweepIntervalMs);
    await this.jobs.addAllSafely(
      due.map((d) => ({
        name: 'delivery.send' as const,
        payload: { deliveryId: d.id },
        options: { jobId: jobId('delivery', d.id, d.attempts, 'sweep', Math.floor(now.getTime() / window)) },
      })),
    );
  }
}

function toView(d: Delivery): DeliveryView {
  return {
    id: d.id,
    target: d.target,
    targetId: d.targetId,
    invitationId: d.invitationId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.status === 'delivered' ? null : d.lastError,
    createdAt: d.createdAt,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
