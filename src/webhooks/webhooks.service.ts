import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { SecretBox } from '../common/crypto/secret-box.js';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { outboundUrlProblem } from '../common/net/public-address.js';
import { AppConfig } from '../config/app-config.js';
import { type DeliveryView } from '../deliveries/delivery.view.js';
import { DeliveriesService, type PreparedCall } from '../deliveries/deliveries.service.js';
import { type Delivery } from '../deliveries/delivery.entity.js';
import { type EventInput, EventsService, staffActor } from '../events/events.service.js';
import { type CreateWebhookDto } from './dto/create-webhook.dto.js';
import { webhookEventFor } from './webhook-events.js';
import { Webhook } from './webhook.entity.js';
import { type CreatedWebhook, type WebhookView } from './webhook.view.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';
import { WebhookNotFoundError } from './webhooks.errors.js';

const DELIVERIES_SHOWN = 100;

/**
 * Webhooks: admins register URLs and events; each recorded event a webhook asked for becomes a signed delivery,
 * written in the transaction of the change. The body is fixed when written (ids and facts, never personal data);
 * the signature is made at each attempt, so its timestamp is fresh.
 */
@Injectable()
export class WebhooksService implements OnModuleInit {
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveriesService,
    private readonly events: EventsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.secrets = new SecretBox(config.auth.jwtSecret);
  }

  onModuleInit(): void {
    this.events.subscribe((manager, event) => this.onEvent(manager, event));
    this.deliveries.registerTarget('webhook', (delivery, now) => this.prepare(delivery, now));
  }

  async create(actor: StaffActor, dto: CreateWebhookDto): Promise<CreatedWebhook> {
    const problem = this.config.outbound.allowPrivate ? null : outboundUrlProblem(dto.url);
    if (problem)
      throw new RequestValidationError([
        { field: 'url', message: `url ${problem}: webhooks go only to public addresses` },
      ]);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    const saved = await this.dataSource.transaction(async (m) => {
      const webhook = await m.save(
        m.create(Webhook, {
          url: dto.url,
          events: dto.events,
          secret: this.secrets.seal(secret),
          createdBy: actor.id,
          createdAt: now,
          deletedAt: null,
        }),
      );
      await this.events.record(m, {
        aggregateType: 'webhook',
        aggregateId: webhook.id,
        type: 'webhook.created',
        actor: staffActor(actor),
        occurredAt: now,
        data: { events: dto.events.join(',') },
      });
      return webhook;
    });
    return { ...toView(saved), secret };
  }

  async list(): Promise<WebhookView[]> {
    const all = await this.dataSource
      .getRepository(Webhook)
      .find({ where: { deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
    return all.map(toView);
  }

  /** Stops it at once: its pending deliveries fail when their turn comes, and its secret is forgotten. */
  async remove(actor: StaffActor, id: string): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      const result = await m.update(Webhook, { id, deletedAt: IsNull() }, { deletedAt: now, secret: null });
      if (!result.affected) throw new WebhookNotFoundError();
      await this.events.record(m, {
        aggregateType: 'webhook',
        aggregateId: id,
        type: 'webhook.deleted',
        actor: staffActor(actor),
        occurredAt: now,
      });
    });
  }

  async deliveriesOf(id: string): Promise<DeliveryView[]> {
    const found = await this.dataSource.getRepository(Webhook).existsBy({ id, deletedAt: IsNull() });
    if (!found) throw new WebhookNotFoundError();
    return this.deliveries.list({ target: 'webhook', targetId: id, limit: DELIVERIES_SHOWN });
  }

  /** In the transaction of the change: one delivery per live webhook that asked for this event. */
  private async onEvent(manager: EntityManager, event: EventInput): Promise<void> {
    const type = webhookEventFor(event.type);
    if (!type) return;
    const hooks = await manager.query<{ id: string; url: string }[]>(
      `SELECT id, url FROM webhooks WHERE deleted_at IS NULL AND $1 = ANY(events) ORDER BY created_at, id`,
      [type],
    );
    if (hooks.length === 0) return;
    const invitationId = event.invitationId ?? null;
    const data = {
      invitationId,
      ...(event.aggregateType === 'review' ? { reviewId: event.aggregateId } : {}),
      ...event.data,
    };
    for (const hook of hooks) {
      const body = JSON.stringify({ id: randomUUID(), type, createdAt: event.occurredAt.toISOString(), data });
      await this.deliveries.enqueue(manager, {
        target: 'webhook',
        targetId: hook.id,
        invitationId,
        event: type,
        method: 'POST',
        url: hook.url,
        body,
      });
    }
  }

  private async prepare(delivery: Delivery, now: Date): Promise<PreparedCall> {
    const hook = await this.dataSource
      .getRepository(Webhook)
      .findOne({ where: { id: delivery.targetId }, select: { id: true, secret: true, deletedAt: true } });
    if (!hook || hook.deletedAt || !hook.secret) return { cancel: 'the webhook was deleted' };
    const secret = this.secrets.open(hook.secret);
    if (!secret)
      return { cancel: 'the webhook secret cannot be read (JWT_SECRET changed?): register the webhook again' };
    const body = delivery.body ?? '';
    return {
      body,
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(now.getTime() / 1000)),
        'Candor-Event': delivery.event,
        'Candor-Delivery': delivery.id,
      },
    };
  }
}

function toView(w: Webhook): WebhookView {
  return { id: w.id, url: w.url, events: w.events as WebhookView['events'], createdAt: w.createdAt };
}
