import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems } from '../common/http/api-problems.decorator.js';
import { IntegrationRequestErrorView } from './request-error.view.js';
import { RequestErrorsService } from './request-errors.service.js';

@ApiTags('integrations')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('admin')
@Controller('api/v1/integrations/request-errors')
export class RequestErrorsController {
  constructor(private readonly requestErrors: RequestErrorsService) {}

  /** The error reports ATSs sent about their calls to Candor, newest first, at most 100. */
  @Get()
  @ApiOkResponse({ type: [IntegrationRequestErrorView] })
  list(): Promise<IntegrationRequestErrorView[]> {
    return this.requestErrors.listRecent();
  }
}
