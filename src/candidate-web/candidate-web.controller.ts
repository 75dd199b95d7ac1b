import { Controller, Get, Headers, Param, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/staff-route.decorators.js';
import { pickLocale } from '../common/i18n/catalogue.js';
import { CANDIDATE_PAGE_TEMPLATE, CandidatePageFilter } from './candidate-page.filter.js';
import { CandidateWebService } from './candidate-web.service.js';
import { CandidateTokenParamDto } from './dto/candidate-token-param.dto.js';

/** The candidate's web form; the page's script then uses the candidate API with the token from the URL. */
@ApiExcludeController()
@Public()
@UseFilters(CandidatePageFilter)
@Controller('t')
export class CandidateWebController {
  constructor(private readonly pages: CandidateWebService) {}

  @Get(':token')
  async page(
    @Param() params: CandidateTokenParamDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The language varies with Accept-Language; the page is never cached anyway (no-store).
    await reply
      .header('cache-control', 'no-store')
      .header('vary', 'Accept-Language')
      .view(CANDIDATE_PAGE_TEMPLATE, { page: await this.pages.page(params.token, pickLocale(acceptLanguage)) });
  }
}
