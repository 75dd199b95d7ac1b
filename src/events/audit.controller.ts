import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems } from '../common/http/api-problems.decorator.js';
import { AuditEntryView } from './audit-entry.view.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('admin')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /**
   * Who did what and when: every state change, staff action and integration call, newest first. Read-only: no
   * API changes or removes an entry, and the database refuses UPDATE, DELETE and TRUNCATE on them.
   */
  @Get()
  @ApiOkResponse({ type: [AuditEntryView] })
  list(@Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    return this.audit.list(query);
  }
}
