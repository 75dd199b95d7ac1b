import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, type Repository } from 'typeorm';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { SecretBox } from '../common/crypto/secret-box.js';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { outboundUrlProblem } from '../common/net/public-address.js';
import { AppConfig } from '../config/app-config.js';
import { type EventData } from '../events/event.entity.js';
import { type Actor, EventsService, staffActor } from '../events/events.service.js';
import { type CreateIntegrationKeyDto } from './dto/create-integration-key.dto.js';
import { hashIntegrationKey, IntegrationKey, type IntegrationProvider } from './integration-key.entity.js';
import { type CreatedIntegrationKey, type IntegrationKeyView } from './integration-key.view.js';
import { IntegrationKeyNotFoundError } from './integration.errors.js';

/** How stale lastUsedAt may be: one write a minute per key at most, not one per ATS call. */
const LAST_USED_PRECISION_MS = 60_000;

@Injectable()
export class IntegrationKeysService {
  private readonly secrets: SecretBox;
  private readonly allowPrivate: boolean;

  constructor(
    @InjectRepository(IntegrationKey) private readonly keys: Repository<IntegrationKey>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.secrets = new SecretBox(config.auth.jwtSecret);
    this.allowPrivate = config.outbound.allowPrivate;
  }

  async create(actor: StaffActor, dto: CreateIntegrationKeyDto): Promise<CreatedIntegrationKey> {
    const urlProblem = dto.ashbyApiUrl && !this.allowPrivate ? outboundUrlProblem(dto.ashbyApiUrl) : null;
    if (urlProblem)
      throw new RequestValidationError([
        { field: 'ashbyApiUrl', message: `ashbyApiUrl ${urlProblem}: Candor calls only public addresses` },
      ]);
    const key = `cnd_${randomBytes(24).toString('base64url')}`;
    const now = this.clock.now();
    const saved = await this.dataSource.transaction(async (m) => {
      const row = await m.save(
        m.create(IntegrationKey, {
          name: dto.name.trim(),
          provider: dto.provider,
          keyHash: hashIntegrationKey(key),
          ashbyApiKey: dto.provider === 'ashby' && dto.ashbyApiKey ? this.secrets.seal(dto.ashbyApiKey) : null,
          ashbyApiUrl: dto.provider === 'ashby' ? (dto.ashbyApiUrl ?? null) : null,
          createdBy: actor.id,
          createdAt: now,
        }),
      );
      // The provider only: the name is free text an admin typed, and the key never leaves this answer.
      await this.recordKeyEvent(m, row.id, 'integration.key_created', staffActor(actor), now, row.provider);
      return row;
    });
    return { id: saved.id, name: saved.name, provider: saved.provider, key };
  }

  async revoke(actor: StaffActor, id: string): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      const result = await m
        .createQueryBuilder()
        .update(IntegrationKey)
        .set({ revokedAt: now })
        .where({ id, revokedAt: IsNull() })
        .returning(['provider'])
        .execute();
      const revoked = (result.raw as Pick<IntegrationKey, 'provider'>[])[0];
      if (!revoked) throw new IntegrationKeyNotFoundError();
      await this.recordKeyEvent(m, id, 'integration.key_revoked', staffActor(actor), now, revoked.provider);
    });
  }

  /**
   * One authenticated ATS call, for the audit trail: which key made which call (the route's name, never its
   * query or body, which hold candidates' names and emails), and lastUsedAt to the minute, in one transaction.
   */
  async recordCall(key: IntegrationKey, call: string): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      await this.recordKeyEvent(
        m,
        key.id,
        'integration.called',
        { type: 'integration', id: key.id },
        now,
        key.provider,
        {
          call,
        },
      );
      if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < LAST_USED_PRECISION_MS) return;
      await m.update(IntegrationKey, { id: key.id }, { lastUsedAt: now });
    });
  }

  async list(): Promise<IntegrationKeyView[]> {
    const keys = await this.keys.find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return keys.map((k) => ({
      id: k.id,
      name: k.name,
      provider: k.provider,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      revokedAt: k.revokedAt,
    }));
  }

  findActive(keyHash: string, provider: IntegrationProvider): Promise<IntegrationKey | null> {
    return this.keys.findOneBy({ keyHash, provider, revokedAt: IsNull() });
  }

  private recordKeyEvent(
    m: EntityManager,
    keyId: string,
    type: string,
    actor: Actor,
    now: Date,
    provider: IntegrationProvider,
    data: EventData = {},
  ): Promise<void> {
    return this.events.record(m, {
      aggregateType: 'integration',
      aggregateId: keyId,
      type,
      actor,
      occurredAt: now,
      data: { provider, ...data },
    });
  }
}
