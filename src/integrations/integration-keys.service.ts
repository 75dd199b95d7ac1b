import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { type CreateIntegrationKeyDto } from './dto/create-integration-key.dto.js';
import { hashIntegrationKey, IntegrationKey, type IntegrationProvider } from './integration-key.entity.js';
import { type CreatedIntegrationKey, type IntegrationKeyView } from './integration-key.view.js';
import { IntegrationKeyNotFoundError } from './integration.errors.js';

/** How stale lastUsedAt may be: one write a minute per key at most, not one per ATS call. */
const LAST_USED_PRECISION_MS = 60_000;

@Injectable()
export class IntegrationKeysService {
  constructor(
    @InjectRepository(IntegrationKey) private readonly keys: Repository<IntegrationKey>,
    private readonly clock: Clock,
  ) {}

  async create(actor: StaffActor, dto: CreateIntegrationKeyDto): Promise<CreatedIntegrationKey> {
    const key = `cnd_${randomBytes(24).toString('base64url')}`;
    const saved = await this.keys.save(
      this.keys.create({
        name: dto.name.trim(),
        provider: dto.provider,
        keyHash: hashIntegrationKey(key),
        createdBy: actor.id,
        createdAt: this.clock.now(),
      }),
    );
    return { id: saved.id, name: saved.name, provider: saved.provider, key };
  }

  async revoke(id: string): Promise<void> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    if (!result.affected) throw new IntegrationKeyNotFoundError();
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

  /** Notes that a key was just used, to the minute. */
  async touch(key: IntegrationKey): Promise<void> {
    const now = this.clock.now();
    if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < LAST_USED_PRECISION_MS) return;
    await this.keys.update({ id: key.id }, { lastUsedAt: now });
  }
}
