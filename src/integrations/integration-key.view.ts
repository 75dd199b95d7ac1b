import { ApiProperty } from '@nestjs/swagger';
import { INTEGRATION_PROVIDERS, type IntegrationProvider } from './integration-key.entity.js';

/** A key just made: the only answer that ever shows the key itself. */
export class CreatedIntegrationKey {
  id!: string;
  name!: string;
  /** The applicant tracking system whose endpoints the key may call. */
  @ApiProperty({ enum: INTEGRATION_PROVIDERS })
  provider!: IntegrationProvider;
  /** Shown here only; the database keeps its hash. The ATS sends it as the Basic auth user name. */
  key!: string;
}

/** A key as admins see it in the list: never the key, nor its hash. */
export class IntegrationKeyView {
  id!: string;
  name!: string;
  @ApiProperty({ enum: INTEGRATION_PROVIDERS })
  provider!: IntegrationProvider;
  createdAt!: Date;
  /** When the key last authenticated a call, to the minute; null if never. */
  lastUsedAt!: Date | null;
  /** When the key was revoked (it stopped working then); null while it works. */
  revokedAt!: Date | null;
}
