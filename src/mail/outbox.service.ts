import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { jobId } from '../jobs/job-names.js';
import { JobsService } from '../jobs/jobs.service.js';
import { MailTransport } from './mail-transport.js';
import { OutboxMessage } from './outbox-message.entity.js';

export interface OutgoingMail {
  /** Makes enqueueing idempotent: the same key is stored (and sent) once. */
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

const MAX_ATTEMPTS = 8;
const SWEEP_BATCH = 100;

/**
 * Transactional outbox: callers store the mail in the same transaction as the change that caused it,
 * then call deliverSoon after commit. A retried job sends it; the sweep re-sends anything left pending.
 */
@Injectable()
export class OutboxService implements OnModuleInit {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('outbox.deliver', ({ messageId }) => this.deliver(messageId));
    this.jobs.registerSweep('outbox', (now) => this.requeueDue(now));
  }

  /** Returns the message id, or null when a message with this dedupe key already exists. */
  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<string | null> {
    const now = this.clock.now();
    const rows = (await manager.query(
      `INSERT INTO outbox_messages (dedupe_key, to_address, subject, text_body, html_body, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [mail.dedupeKey, mail.to, mail.subject, mail.text, mail.html ?? null, now],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** Call after the enqueueing transaction committed. */
  async deliverSoon(ids: (string | null)[]): Promise<void> {
    for (const id of ids) {
      if (id) await this.jobs.addSafely('outbox.deliver', { messageId: id }, { jobId: jobId('outbox', id, 0) });
    }
  }

  /**
   * Sends one message; the row lock keeps two workers from sending it twice. A failed send is stored
   * with a backoff and a delayed retry is enqueued (the sweep re-enqueues it if that job is lost).
   */
  async deliver(messageId: string): Promise<void> {
    const retry = await this.dataSource.transaction(async (manager) => {
      const message = await manager.findOne(OutboxMessage, {
        where: { id: messageId, status: 'pending' },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      if (!message) return null;
      const attempts = message.attempts + 1;
      try {
        await this.transport.send({ id: message.id, to: message.toAddress, subject: message.subject, text: message.textBody, html: message.htmlBody });
      } catch (err) {
        const nextAttemptAt = new Date(this.clock.now().getTime() + Math.min(3600_000, 2 ** attempts * 1000));
        const status = attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
        await manager.update(OutboxMessage, { id: message.id }, { attempts, status, nextAttemptAt, lastError: (err as Error).message.slice(0, 500) });
        this.logger.warn(`mail ${message.id} not sent (attempt ${attempts}, now ${status}): ${(err as Error).message}`);
        return status === 'pending' ? { attempts, nextAttemptAt } : null;
      }
      await manager.update(OutboxMessage, { id: message.id }, { status: 'sent', sentAt: this.clock.now(), attempts });
      return null;
    });
    if (retry) {
      await this.jobs.addSafely('outbox.deliver', { messageId }, { jobId: jobId('outbox', messageId, retry.attempts), runAt: retry.nextAttemptAt });
    }
  }

  /** Safety net: pending mail whose retry time has come is enqueued again (a new id per attempt). */
  private async requeueDue(now: Date): Promise<void> {
    const due = await this.dataSource.getRepository(OutboxMessage).find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC' },
      take: SWEEP_BATCH,
      select: { id: true, attempts: true },
    });
    for (const m of due) {
      await this.jobs.addSafely('outbox.deliver', { messageId: m.id }, { jobId: jobId('outbox', m.id, m.attempts) });
    }
  }
}
