import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { CreateIntegrationKeyDto } from './dto/create-integration-key.dto.js';
import {
  type CreatedIntegrationKey,
  type IntegrationKeyView,
  IntegrationKeysService,
} from './integration-keys.service.js';

@ApiTags('integrations')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/integrations/keys')
export class IntegrationKeysController {
  constructor(private readonly keys: IntegrationKeysService) {}

  @Post()
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateIntegrationKeyDto): Promise<CreatedIntegrationKey> {
    return this.keys.create(actor, dto);
  }

  /** Every key with when it was made, last used and revoked; the key itself was shown once, at creation. */
  @Get()
  list(): Promise<IntegrationKeyView[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param() { id }: IdParamDto): Promise<void> {
    return this.keys.revoke(id);
  }
}
