import { IsIn, IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { HTTP_URL } from '../../common/http/http-url.js';
import { INTEGRATION_PROVIDERS, type IntegrationProvider } from '../integration-key.entity.js';
import { NotBlank, Trim } from '../../common/http/text-rules.js';

export class CreateIntegrationKeyDto {
  @Trim() @IsString() @NotBlank() @MaxLength(200) name: string;
  @IsIn(INTEGRATION_PROVIDERS) provider: IntegrationProvider;
  /**
   * Ashby only: the customer's Ashby API key (with the assessments permission), which Candor sends status and
   * results to Ashby with (`assessment.update`). Stored sealed, never shown again.
   */
  @IsOptional() @IsString() @MinLength(8) @MaxLength(500) ashbyApiKey?: string;
  /** Ashby only: where Ashby's API is; default https://api.ashbyhq.com. */
  @IsOptional() @IsUrl(HTTP_URL) @MaxLength(2000) ashbyApiUrl?: string;
}
