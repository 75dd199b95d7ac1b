import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
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
  /** Where replies go (a candidate's email: MAIL_REPLY_TO or the inviting recruiter); unset, to MAIL_FROM. */
  replyTo?: string | null;
}

const MAX_ATTEMPTS = 8;
const SWEEP_BATCH = 100;
/** A pending message this long past its time is taken as stuck (its job lost or held by a dead worker). */
const STUCK_AFTER_MS = 10_000;
/** How long a sent mail's record is retried while the database is away (PostgreSQL restarting). */
const MARK_SENT_RETRY_MS = 60_000;
/** What an erased message keeps instead of its address. */
const ERASED_ADDRESS = 'erased@invalid';

/**
 * An address in the reserved `.invalid` domain (RFC 2606): an erased candidate's tombstone. Mail to it is never
 * stored or sent, so a job that mails an erased candidate later does nothing.
 */
export const isErasedAddress = (address: string): boolean => /@(?:[^@]*\.)?invalid$/i.test(address.trim());

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
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('outbox.deliver', ({ messageId }) => this.deliver(messageId));
    this.jobs.registerSweep('outbox', (now) => this.requeueDue(now));
  }

  /** Returns the message id, or null when a message with this dedupe key already exists or the address was erased. */
  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<string | null> {
    if (isErasedAddress(mail.to)) {
      this.logger.debug(`mail ${mail.dedupeKey} not stored: its recipient was erased`);
      return null;
    }
    const now = this.clock.now();
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO outbox_messages (dedupe_key, to_address, subject, text_body, html_body, reply_to, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [mail.dedupeKey, mail.to, mail.subject, mail.text, mail.html ?? null, mail.replyTo ?? null, now],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * For an erasure, in its transaction: the mail to `address` (compared trimmed, any case), only that about these
   * invitations when ids are given (its dedupe key names the invitation), keeps its row, so that key is never sent
   * again, but loses the address, subject, bodies and error; mail still waiting is cancelled. The file a
   * development install wrote of each message goes too: the update waits for a delivery holding the row, so its
   * file is written by then. Returns how many messages were erased.
   */
  async eraseTo(manager: EntityManager, address: string, invitationIds: readonly string[] | null): Promise<number> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE outbox_messages
          SET to_address = $3, subject = '', text_body = '', html_body = NULL, reply_to = NULL, last_error = NULL,
              status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END
        WHERE lower(btrim(to_address)) = lower(btrim($1))
          AND ($2::text[] IS NULL OR split_part(dedupe_key, ':', 2) = ANY($2::text[]))
        RETURNING id`,
      [address, invitationIds, ERASED_ADDRESS],
    );
    await this.transport.forget(rows.map((r) => r.id));
    return rows.length;
  }

  /** Call after the enqueueing transaction committed: the messages' jobs reach the queue in one round trip. */
  async deliverSoon(ids: readonly (string | null)[]): Promise<void> {
    await this.jobs.addAllSafely(
      ids
        .filter((id): id is string => id !== null)
        .map((id) => ({
          name: 'outbox.deliver',
          payload: { messageId: id },
          options: { jobId: jobId('outbox', id, 0) },
        })),
    );
  }

  /**
   * Sends one message; the row lock keeps two workers from sending it twice. A failed send is stored
   * with a backoff and a delayed retry is enqueued (the sweep re-enqueues it if that job is lost).
   * If the database goes away after the SMTP server accepted the mail, the transaction that records it is
   * lost with it: the mail is then marked sent on a fresh connection, retried until the database is back, so
   * that the sweep does not send it a second time.
   */
  async deliver(messageId: string): Promise<void> {
    const sent = { attempts: 0 };
    let retry: { attempts: number; nextAttemptAt: Date } | null;
    try {
      retry = await this.dataSource.transaction(async (manager) => {
        const message = await manager.findOne(OutboxMessage, {
          where: { id: messageId, status: 'pending' },
          lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        });
        if (!message) return null;
        const attempts = message.attempts + 1;
        try {
          await this.transport.send({
            id: message.id,
            to: message.toAddress,
            subject: message.subject,
            text: message.textBody,
            html: message.htmlBody,
            replyTo: message.replyTo,
          });
        } catch (err) {
          const nextAttemptAt = new Date(this.clock.now().getTime() + Math.min(3600_000, 2 ** attempts * 1000));
          const status = attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
          await manager.update(
            OutboxMessage,
            { id: message.id },
            { attempts, status, nextAttemptAt, lastError: (err as Error).message.slice(0, 500) },
          );
          this.logger.warn(
            `mail ${message.id} not sent (attempt ${attempts}, now ${status}): ${(err as Error).message}`,
          );
          return status === 'pending' ? { attempts, nextAttemptAt } : null;
        }
        sent.attempts = attempts;
        await manager.update(OutboxMessage, { id: message.id }, { status: 'sent', sentAt: this.clock.now(), attempts });
        return null;
      });
    } catch (err) {
      if (sent.attempts === 0) throw err;
      await this.markSent(messageId, sent.attempts, err as Error);
      return;
    }
    if (retry) {
      await this.jobs.addSafely(
        'outbox.deliver',
        { messageId },
        { jobId: jobId('outbox', messageId, retry.attempts), runAt: retry.nextAttemptAt },
      );
    }
  }

  /** Records a mail the SMTP server accepted, after the transaction that was to record it failed. */
  private async markSent(messageId: string, attempts: number, cause: Error): Promise<void> {
    const until = Date.now() + MARK_SENT_RETRY_MS;
    for (;;) {
      try {
        // Still pending: the first commit did not land (if it did, there is nothing to do).
        await this.dataSource
          .getRepository(OutboxMessage)
          .update({ id: messageId, status: 'pending' }, { status: 'sent', sentAt: this.clock.now(), attempts });
        this.logger.warn(
          `mail ${messageId} was sent while the database was away (${cause.message}); recorded it once the database was back`,
        );
        return;
      } catch (err) {
        if (Date.now() > until || !this.dataSource.isInitialized) {
          this.logger.error(
            `mail ${messageId} was sent but could not be recorded; the sweep will send it again: ${(err as Error).message}`,
          );
          throw err;
        }
        // Short steps: once the database is back, this must land before the sweep looks at the message.
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /**
   * Safety net: pending mail whose retry time has come is enqueued again (a new id per attempt). A job of the
   * same id may still exist, stuck as active under a worker that was killed (BullMQ frees it only after its lock
   * expires, 30 s or more), which would make that enqueue a no-op; so a message overdue for longer than that gets
   * a job of its own, one per window. Extra jobs are harmless: deliver() sends under the row lock, and only while
   * the message is pending.
   */
  private async requeueDue(now: Date): Promise<void> {
    const due = await this.dataSource.getRepository(OutboxMessage).find({
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC' },
      take: SWEEP_BATCH,
      select: { id: true, attempts: true, nextAttemptAt: true },
    });
    const stuckAfterMs = Math.max(STUCK_AFTER_MS, 2 * this.config.queue.sweepIntervalMs);
    for (const m of due) {
      const overdueMs = now.getTime() - m.nextAttemptAt.getTime();
      const id =
        overdueMs > stuckAfterMs
          ? jobId('outbox', m.id, m.attempts, 'overdue', Math.floor(now.getTime() / stuckAfterMs))
          : jobId('outbox', m.id, m.attempts);
      await this.jobs.addSafely('outbox.deliver', { messageId: m.id }, { jobId: id });
    }
  }
}
