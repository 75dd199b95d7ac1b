import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { CreateIntegrationKeyDto } from './dto/create-integration-key.dto.js';
import { CreatedIntegrationKey, IntegrationKeyView } from './integration-key.view.js';
import { IntegrationKeysService } from './integration-keys.service.js';

@ApiTags('integrations')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('admin')
@Controller('api/v1/integrations/keys')
export class IntegrationKeysController {
  constructor(private readonly keys: IntegrationKeysService) {}

  /** Makes a key for one applicant tracking system; the answer is the only time the key is shown. */
  @Post()
  @ApiCreatedResponse({ type: CreatedIntegrationKey })
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateIntegrationKeyDto): Promise<CreatedIntegrationKey> {
    return this.keys.create(actor, dto);
  }

  /** Every key with when it was made, last used and revoked; the key itself was shown once, at creation. */
  @Get()
  @ApiOkResponse({ type: [IntegrationKeyView] })
  list(): Promise<IntegrationKeyView[]> {
    return this.keys.list();
  }

  /** Revokes a key: it stops working at once. 404 when there is no such key, or it is already revoked. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(404)
  revoke(@CurrentStaff() actor: StaffActor, @Param() { id }: IdParamDto): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
