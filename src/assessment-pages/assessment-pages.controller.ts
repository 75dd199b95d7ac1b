import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { CANDIDATE_PAGE_TEMPLATE } from '../candidate-web/candidate-page.filter.js';
import { StaffPageFilter } from '../web-auth/staff-page.filter.js';
import {
  ASSESSMENT_EDITOR_TEMPLATE,
  ASSESSMENT_LIST_TEMPLATE,
  AssessmentPagesPresenter,
} from './assessment-pages.presenter.js';

/**
 * Recruiters' assessment pages, rendered on the server; the session cookie authenticates (see /login), and the
 * editor's script (assessment-editor.page.ts) saves through the assessments API.
 */
@ApiExcludeController()
@Roles('recruiter')
@UseFilters(StaffPageFilter)
@Controller('assessments')
export class AssessmentPagesController {
  constructor(private readonly presenter: AssessmentPagesPresenter) {}

  @Get()
  async list(@CurrentStaff() actor: StaffActor, @Res() reply: FastifyReply): Promise<void> {
    await reply.header('cache-control', 'no-store').view(ASSESSMENT_LIST_TEMPLATE, await this.presenter.list(actor));
  }

  @Get('new')
  async create(@CurrentStaff() actor: StaffActor, @Res() reply: FastifyReply): Promise<void> {
    await reply
      .header('cache-control', 'no-store')
      .view(ASSESSMENT_EDITOR_TEMPLATE, await this.presenter.editor(actor, null));
  }

  @Get(':id')
  async edit(
    @CurrentStaff() actor: StaffActor,
    @Param() params: IdParamDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await reply
      .header('cache-control', 'no-store')
      .view(ASSESSMENT_EDITOR_TEMPLATE, await this.presenter.editor(actor, params.id));
  }

  /** The whole candidate page for the current content, without an invitation: the page script (src/web/browser/candidate/preview.ts) keeps it all local. */
  @Get(':id/preview')
  async preview(@Param() params: IdParamDto, @Res() reply: FastifyReply): Promise<void> {
    await reply
      .header('cache-control', 'no-store')
      .view(CANDIDATE_PAGE_TEMPLATE, { page: await this.presenter.preview(params.id) });
  }
}
