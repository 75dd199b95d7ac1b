import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { StaffPageFilter } from '../web-auth/staff-page.filter.js';
import { ADMIN_PAGE_TEMPLATE, AdminPagePresenter } from './admin-page.presenter.js';
import { AdminPageQueryDto } from './dto/admin-page-query.dto.js';

/** Admins' page, rendered on the server; admin.page.js makes the changes through the API. */
@ApiExcludeController()
@Roles('admin')
@UseFilters(StaffPageFilter)
@Controller('admin')
export class AdminPageController {
  constructor(private readonly presenter: AdminPagePresenter) {}

  @Get()
  async page(
    @CurrentStaff() actor: StaffActor,
    @Query() query: AdminPageQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await reply.header('cache-control', 'no-store').view(ADMIN_PAGE_TEMPLATE, await this.presenter.page(actor, query));
  }
}
