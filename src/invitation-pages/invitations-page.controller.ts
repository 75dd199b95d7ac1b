import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { StaffPageFilter } from '../web-auth/staff-page.filter.js';
import { InvitationsPageQueryDto } from './dto/invitations-page-query.dto.js';
import { INVITATIONS_PAGE_TEMPLATE, InvitationsPagePresenter } from './invitations-page.presenter.js';

/** Recruiters' candidates page, rendered on the server; invitations.page.js makes the changes through the API. */
@ApiExcludeController()
@Roles('recruiter')
@UseFilters(StaffPageFilter)
@Controller('invitations')
export class InvitationsPageController {
  constructor(private readonly presenter: InvitationsPagePresenter) {}

  @Get()
  async page(
    @CurrentStaff() actor: StaffActor,
    @Query() query: InvitationsPageQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await reply
      .header('cache-control', 'no-store')
      .view(INVITATIONS_PAGE_TEMPLATE, await this.presenter.page(actor, query));
  }
}
