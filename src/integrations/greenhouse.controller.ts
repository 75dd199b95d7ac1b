import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/staff-route.decorators.js';
import {
  GreenhouseRequestErrorDto,
  GreenhouseSendTestDto,
  GreenhouseTestStatusQueryDto,
} from './dto/greenhouse.dto.js';
import { type GreenhouseTest, type GreenhouseTestStatus, GreenhouseService } from './greenhouse.service.js';
import {
  CurrentIntegration,
  type IntegrationActor,
  IntegrationKeyGuard,
  IntegrationProviderRoute,
} from './integration-key.guard.js';

/** Greenhouse's assessment partner contract: snake_case, every field present (null when unknown). */
@ApiTags('integrations')
@ApiBasicAuth()
@Public()
@IntegrationProviderRoute('greenhouse')
@UseGuards(IntegrationKeyGuard)
@Controller('integrations/greenhouse')
export class GreenhouseController {
  constructor(private readonly greenhouse: GreenhouseService) {}

  @Get('list_tests')
  listTests(): Promise<GreenhouseTest[]> {
    return this.greenhouse.listTests();
  }

  @Post('send_test')
  @HttpCode(200)
  sendTest(
    @CurrentIntegration() actor: IntegrationActor,
    @Body() dto: GreenhouseSendTestDto,
  ): Promise<{ partner_interview_id: string }> {
    return this.greenhouse.sendTest(actor, dto);
  }

  @Get('test_status')
  testStatus(
    @CurrentIntegration() actor: IntegrationActor,
    @Query() query: GreenhouseTestStatusQueryDto,
  ): Promise<GreenhouseTestStatus> {
    return this.greenhouse.testStatus(actor, query.partner_interview_id);
  }

  @Post('request_errors')
  @HttpCode(200)
  requestErrors(
    @CurrentIntegration() actor: IntegrationActor,
    @Body() dto: GreenhouseRequestErrorDto,
  ): { status: 200 } {
    return this.greenhouse.requestErrors(actor, dto);
  }
}
