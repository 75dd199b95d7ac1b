import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { StaffPageFilter } from '../web-auth/staff-page.filter.js';
import { DASHBOARD_TEMPLATE, DashboardPresenter } from './dashboard.presenter.js';
import { DashboardQueryDto } from './dto/dashboard-query.dto.js';

/** Recruiters' turnaround page, rendered on the server; the session cookie authenticates (see /login). */
@ApiExcludeController()
@Roles('recruiter')
@UseFilters(StaffPageFilter)
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardPresenter) {}

  @Get()
  async page(
    @CurrentStaff() actor: StaffActor,
    @Query() query: DashboardQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const page = await this.dashboard.page(actor, query);
    // A range the window refuses is bad input (400), answered with the page and the reason beside the form.
    await reply
      .status(page.rangeError ? 400 : 200)
      .header('cache-control', 'no-store')
      .view(DASHBOARD_TEMPLATE, page);
  }
}
