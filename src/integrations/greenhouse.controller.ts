import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/staff-route.decorators.js';
import { ApiProblems, ApiRequestProblems } from '../common/http/api-problems.decorator.js';
import {
  GreenhouseRequestErrorDto,
  GreenhouseSendTestDto,
  GreenhouseTestStatusQueryDto,
} from './dto/greenhouse.dto.js';
import { GreenhouseService } from './greenhouse.service.js';
import {
  GreenhouseErrorReportReceived,
  GreenhouseSentTest,
  GreenhouseTest,
  GreenhouseTestStatus,
} from './greenhouse.view.js';
import {
  CurrentIntegration,
  type IntegrationActor,
  IntegrationKeyGuard,
  IntegrationProviderRoute,
} from './integration-key.guard.js';

/** Greenhouse's assessment partner contract: snake_case, every field present (null when unknown). */
@ApiTags('integrations')
@ApiBasicAuth()
@ApiRequestProblems()
// A missing, wrong, revoked or Ashby key.
@ApiProblems(401)
@Public()
@IntegrationProviderRoute('greenhouse')
@UseGuards(IntegrationKeyGuard)
@Controller('integrations/greenhouse')
export class GreenhouseController {
  constructor(private readonly greenhouse: GreenhouseService) {}

  /** The published assessments. */
  @Get('list_tests')
  @ApiOkResponse({ type: [GreenhouseTest] })
  listTests(): Promise<GreenhouseTest[]> {
    return this.greenhouse.listTests();
  }

  /**
   * Invites the candidate: the invitation email goes to them. 422 for an id that is no published assessment; 409
   * when the candidate already has this assessment in progress for this profile.
   */
  @Post('send_test')
  @HttpCode(200)
  @ApiOkResponse({ type: GreenhouseSentTest })
  @ApiProblems(409, 422)
  sendTest(
    @CurrentIntegration() actor: IntegrationActor,
    @Body() dto: GreenhouseSendTestDto,
  ): Promise<GreenhouseSentTest> {
    return this.greenhouse.sendTest(actor, dto);
  }

  /** Where a test stands. 404 for an id no test was sent under through this integration. */
  @Get('test_status')
  @ApiOkResponse({ type: GreenhouseTestStatus })
  @ApiProblems(404)
  testStatus(
    @CurrentIntegration() actor: IntegrationActor,
    @Query() query: GreenhouseTestStatusQueryDto,
  ): Promise<GreenhouseTestStatus> {
    return this.greenhouse.testStatus(actor, query.partner_interview_id);
  }

  /** Greenhouse reports a problem it had with one of Candor's answers; the report is kept for admins. */
  @Post('request_errors')
  @HttpCode(200)
  @ApiOkResponse({ type: GreenhouseErrorReportReceived })
  requestErrors(
    @CurrentIntegration() actor: IntegrationActor,
    @Body() dto: GreenhouseRequestErrorDto,
  ): Promise<GreenhouseErrorReportReceived> {
    return this.greenhouse.requestErrors(actor, dto);
  }
}
