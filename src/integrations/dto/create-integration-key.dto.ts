import { IsIn, IsString, MaxLength } from 'class-validator';
import { INTEGRATION_PROVIDERS, type IntegrationProvider } from '../integration-key.entity.js';
import { NotBlank, Trim } from '../../common/http/text-rules.js';

export class CreateIntegrationKeyDto {
  @Trim() @IsString() @NotBlank() @MaxLength(200) name: string;
  @IsIn(INTEGRATION_PROVIDERS) provider: IntegrationProvider;
}
