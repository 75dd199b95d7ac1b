import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CandidateAuthGuard, CurrentCandidate } from '../candidate-auth/candidate-auth.guard.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { Public } from '../common/auth/staff-route.decorators.js';
import { ApiProblems, ApiRequestProblems } from '../common/http/api-problems.decorator.js';
import { PendingFeedbackView, SentFeedbackView } from '../reviews/candidate-feedback.view.js';
import { CandidateDataView } from './candidate-data.view.js';
import { CandidateDataService } from './candidate-data.service.js';

// A candidate token (the invitation's link, or the one sent with the feedback), never a role: 401 without one.
@ApiTags('candidate')
@ApiBearerAuth()
@ApiRequestProblems()
@ApiProblems(401, 404)
@Public()
@UseGuards(CandidateAuthGuard)
@Controller('api/v1/candidate/data')
export class CandidateDataController {
  constructor(private readonly data: CandidateDataService) {}

  /**
   * The candidate's own data as a JSON download: the invitation, the answers with their save times, the
   * feedback and the candidate's ratings. Only the token's own invitation; never cached.
   */
  @Get()
  @ApiExtraModels(PendingFeedbackView, SentFeedbackView)
  @ApiOkResponse({
    type: CandidateDataView,
    description: 'An attachment, `candor-data-<invitation id>.json`.',
  })
  async export(
    @CurrentCandidate() candidate: CandidateActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CandidateDataView> {
    const data = await this.data.export(candidate);
    void reply
      .header('content-disposition', `attachment; filename="candor-data-${candidate.invitationId}.json"`)
      .header('cache-control', 'no-store');
    return data;
  }
}
