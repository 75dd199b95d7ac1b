import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/staff-route.decorators.js';
import { ApiProblems, ApiRequestProblems } from '../common/http/api-problems.decorator.js';
import { AshbyService } from './ashby.service.js';
import { AshbyAssessmentResult, AshbyList } from './ashby.view.js';
import { AshbyCancelDto, AshbyStartDto } from './dto/ashby.dto.js';
import {
  CurrentIntegration,
  type IntegrationActor,
  IntegrationKeyGuard,
  IntegrationProviderRoute,
} from './integration-key.guard.js';

/** Ashby's assessment partner contract (the endpoints Ashby calls on a partner). */
@ApiTags('integrations')
@ApiBasicAuth()
@ApiRequestProblems()
// A missing, wrong, revoked or Greenhouse key.
@ApiProblems(401)
@Public()
@IntegrationProviderRoute('ashby')
@UseGuards(IntegrationKeyGuard)
@Controller('integrations/ashby')
export class AshbyController {
  constructor(private readonly ashby: AshbyService) {}

  /** The published assessments. Ashby posts an empty object; there is nothing in it to read. */
  @Post('assessment.list')
  @HttpCode(200)
  @ApiOkResponse({ type: AshbyList })
  list(): Promise<AshbyList> {
    return this.ashby.list();
  }

  /**
   * Invites the candidate: the invitation email goes to them. 422 for an id that is no published assessment; 409
   * when this application already has this assessment in progress.
   */
  @Post('assessment.start')
  @HttpCode(200)
  @ApiOkResponse({ type: AshbyAssessmentResult })
  @ApiProblems(409, 422)
  start(@CurrentIntegration() actor: IntegrationActor, @Body() dto: AshbyStartDto): Promise<AshbyAssessmentResult> {
    return this.ashby.start(actor, dto);
  }

  /**
   * Withdraws the invitation. 404 for an id no assessment was started under through this integration; 409 when it
   * can no longer be withdrawn.
   */
  @Post('assessment.cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: AshbyAssessmentResult })
  @ApiProblems(404, 409)
  cancel(@CurrentIntegration() actor: IntegrationActor, @Body() dto: AshbyCancelDto): Promise<AshbyAssessmentResult> {
    return this.ashby.cancel(actor, dto.assessment_id);
  }
}
