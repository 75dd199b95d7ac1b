import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { INTEGRATION_PROVIDERS, type IntegrationProvider } from '../integration-key.entity.js';

export class CreateIntegrationKeyDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsIn(INTEGRATION_PROVIDERS) provider: IntegrationProvider;
}
