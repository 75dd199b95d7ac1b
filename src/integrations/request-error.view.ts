import { ApiProperty } from '@nestjs/swagger';
import { INTEGRATION_PROVIDERS, type IntegrationProvider } from './integration-key.entity.js';

/** An error report an ATS sent about one of its calls to Candor, as admins see it. */
export class IntegrationRequestErrorView {
  id!: string;
  /** The ATS that sent the report (today only Greenhouse sends them). */
  @ApiProperty({ enum: INTEGRATION_PROVIDERS })
  provider!: IntegrationProvider;
  /** The key the report came with. */
  keyId!: string;
  receivedAt!: Date;
  /** Which of Candor's endpoints failed, e.g. `test_status`; null when the ATS did not say. */
  @ApiProperty({ type: String, nullable: true })
  apiCall!: string | null;
  /** What went wrong, in the ATS's words. */
  @ApiProperty({ type: [String] })
  errors!: string[];
  /** The ids as the ATS gave them (integers become strings). */
  @ApiProperty({ type: String, nullable: true })
  partnerTestId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  partnerInterviewId!: string | null;
  /** As the ATS gave it. */
  @ApiProperty({ type: String, nullable: true })
  candidateEmail!: string | null;
}
