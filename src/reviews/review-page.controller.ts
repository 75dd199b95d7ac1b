import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { StaffPageFilter } from '../web-auth/staff-page.filter.js';
import { ReviewPageQueryDto } from './dto/review-page-query.dto.js';
import { REVIEW_PAGE_TEMPLATE, ReviewPagePresenter } from './review-page.presenter.js';

/** Reviewers' page, rendered on the server; the session cookie authenticates (see /login), review.js uses the API. */
@ApiExcludeController()
@Roles('reviewer')
@UseFilters(StaffPageFilter)
@Controller('review')
export class ReviewPageController {
  constructor(private readonly presenter: ReviewPagePresenter) {}

  @Get()
  async page(
    @CurrentStaff() actor: StaffActor,
    @Query() query: ReviewPageQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await reply.header('cache-control', 'no-store').view(REVIEW_PAGE_TEMPLATE, await this.presenter.page(actor, query));
  }
}
