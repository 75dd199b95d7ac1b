import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SecretBox } from '../common/crypto/secret-box.js';
import { AppConfig } from '../config/app-config.js';
import { type Delivery } from '../deliveries/delivery.entity.js';
import { DeliveriesService, type PreparedCall } from '../deliveries/deliveries.service.js';
import { type EventInput, EventsService } from '../events/events.service.js';
import {
  ASHBY_STATUS_OF_EVENT,
  ashbyUpdate,
  callsAtsBack,
  DEFAULT_ASHBY_API_URL,
  GREENHOUSE_CALLBACK_EVENTS,
} from './ats-callbacks.js';
import { IntegrationKey, IntegrationLink } from './integration-key.entity.js';
import { IntegrationsService } from './integrations.service.js';

const basicAuth = (user: string): string => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;

/**
 * Push, not poll: an invitation an ATS asked for calls that ATS back as it moves, through the deliveries outbox
 * (written in the transaction of the change, retried for a day, in order per invitation).
 */
@Injectable()
export class AtsCallbacksService implements OnModuleInit {
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveriesService,
    private readonly events: EventsService,
    private readonly integrations: IntegrationsService,
    config: AppConfig,
  ) {
    this.secrets = new SecretBox(config.auth.jwtSecret);
  }

  onModuleInit(): void {
    this.events.subscribe((manager, event) => this.onEvent(manager, event));
    this.deliveries.registerTarget('greenhouse', (delivery) => this.prepareGreenhouse(delivery));
    this.deliveries.registerTarget('ashby', (delivery, now) => this.prepareAshby(delivery, now));
  }

  private async onEvent(manager: EntityManager, event: EventInput): Promise<void> {
    if (!event.invitationId || event.aggregateType !== 'invitation' || !callsAtsBack(event.type)) return;
    const invitationId = event.invitationId;
    const link = await manager.findOneBy(IntegrationLink, { invitationId });
    if (!link) return;
    if (link.provider === 'greenhouse' && link.callbackUrl && GREENHOUSE_CALLBACK_EVENTS.has(event.type)) {
      await this.deliveries.enqueue(manager, {
        target: 'greenhouse',
        targetId: link.keyId,
        invitationId,
        event: event.type,
        method: 'PATCH',
        url: link.callbackUrl,
        body: null,
      });
    }
    if (link.provider === 'ashby' && event.type in ASHBY_STATUS_OF_EVENT) {
      const key = await manager.findOneBy(IntegrationKey, { id: link.keyId });
      const base = (key?.ashbyApiUrl ?? DEFAULT_ASHBY_API_URL).replace(/\/$/, '');
      await this.deliveries.enqueue(manager, {
        target: 'ashby',
        targetId: link.keyId,
        invitationId,
        event: event.type,
        method: 'POST',
        url: `${base}/assessment.update`,
        body: null,
      });
    }
  }

  /** Greenhouse's PATCH: no body, the key it called with as Basic auth (its documented request). */
  private async prepareGreenhouse(delivery: Delivery): Promise<PreparedCall> {
    const key = await this.activeKey(delivery.targetId);
    if (!key) return { cancel: 'the Greenhouse key was revoked' };
    const link = await this.dataSource.getRepository(IntegrationLink).findOne({
      where: { invitationId: delivery.invitationId ?? undefined },
      select: { invitationId: true, callbackAuth: true },
    });
    const credential = link?.callbackAuth ? this.secrets.open(link.callbackAuth) : null;
    return { headers: credential ? { Authorization: basicAuth(credential) } : {}, body: null };
  }

  /** Ashby's assessment.update, built when sent: the event's status, and the score once feedback is sent. */
  private async prepareAshby(delivery: Delivery, now: Date): Promise<PreparedCall> {
    const key = await this.activeKey(delivery.targetId);
    if (!key) return { cancel: 'the Ashby key was revoked' };
    const apiKey = key.ashbyApiKey ? this.secrets.open(key.ashbyApiKey) : null;
    if (!apiKey)
      return { cancel: 'the Ashby key has no Ashby API key to call Ashby with: create one with ashbyApiKey' };
    const invitationId = delivery.invitationId;
    if (!invitationId) return { cancel: 'an Ashby update names an assessment' };
    const { invitation, scorePercent, decision } = await this.integrations.outcome(invitationId);
    const body = ashbyUpdate({
      invitationId,
      event: delivery.event,
      profileUrl: this.integrations.profileUrl(invitationId),
      now,
      scorePercent,
      decision,
      submittedBy: invitation.submittedBy,
    });
    return {
      headers: {
        Authorization: basicAuth(apiKey),
        'Content-Type': 'application/json',
        Accept: 'application/json; version=1',
      },
      body: JSON.stringify(body),
    };
  }

  private async activeKey(id: string): Promise<IntegrationKey | null> {
    const key = await this.dataSource.getRepository(IntegrationKey).findOne({
      where: { id },
      select: { id: true, revokedAt: true, ashbyApiKey: true, ashbyApiUrl: true },
    });
    return key && !key.revokedAt ? key : null;
  }
}
