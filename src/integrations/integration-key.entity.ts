import { createHash } from 'node:crypto';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const INTEGRATION_PROVIDERS = ['greenhouse', 'ashby'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];

/** Keys are high-entropy random strings, so a plain SHA-256 is enough to store them safely. */
export const hashIntegrationKey = (key: string): string => createHash('sha256').update(key).digest('hex');

@Entity({ name: 'integration_keys' })
export class IntegrationKey {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') provider: IntegrationProvider;
  @Column('text', { select: false }) keyHash: string;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
  @Column('timestamptz', { nullable: true }) lastUsedAt: Date | null;
  /** Ashby keys: the customer's Ashby API key Candor calls `assessment.update` with (sealed); null: none given. */
  @Column('text', { nullable: true, select: false }) ashbyApiKey: string | null;
  /** Ashby keys: where Ashby's API is (default https://api.ashbyhq.com). */
  @Column('text', { nullable: true }) ashbyApiUrl: string | null;
}

@Entity({ name: 'integration_links' })
export class IntegrationLink {
  @Column('uuid', { primary: true }) invitationId: string;
  @Column('uuid') keyId: string;
  @Column('text') provider: IntegrationProvider;
  @Column('text', { nullable: true }) externalId: string | null;
  @Column('text', { nullable: true }) profileUrl: string | null;
  @Column('text', { nullable: true }) callbackUrl: string | null;
  /** Greenhouse: the key it called send_test with, sealed; its completion PATCH carries it as Basic auth. */
  @Column('text', { nullable: true, select: false }) callbackAuth: string | null;
  @Column('timestamptz') createdAt: Date;
}
