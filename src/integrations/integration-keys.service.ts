import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { type StaffActor } from '../auth/auth.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { type CreateIntegrationKeyDto } from './dto/create-integration-key.dto.js';
import { hashIntegrationKey, IntegrationKey, type IntegrationProvider } from './integration-key.entity.js';
import { IntegrationKeyNotFoundError } from './integration.errors.js';

export interface CreatedIntegrationKey {
  id: string;
  name: string;
  provider: IntegrationProvider;
  /** Shown here only; the database keeps its hash. */
  key: string;
}

@Injectable()
export class IntegrationKeysService {
  constructor(
    @InjectRepository(IntegrationKey) private readonly keys: Repository<IntegrationKey>,
    private readonly clock: Clock,
  ) {}

  async create(actor: StaffActor, dto: CreateIntegrationKeyDto): Promise<CreatedIntegrationKey> {
    const key = `cnd_${randomBytes(24).toString('base64url')}`;
    const saved = await this.keys.save(
      this.keys.create({ name: dto.name.trim(), provider: dto.provider, keyHash: hashIntegrationKey(key), createdBy: actor.id, createdAt: this.clock.now() }),
    );
    return { id: saved.id, name: saved.name, provider: saved.provider, key };
  }

  async revoke(id: string): Promise<void> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    if (!result.affected) throw new IntegrationKeyNotFoundError();
  }

  findActive(keyHash: string, provider: IntegrationProvider): Promise<IntegrationKey | null> {
    return this.keys.findOneBy({ keyHash, provider, revokedAt: IsNull() });
  }
}
