import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/staff-route.decorators.js';
import { type AshbyAssessmentResult, type AshbyList, AshbyService } from './ashby.service.js';
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
@Public()
@IntegrationProviderRoute('ashby')
@UseGuards(IntegrationKeyGuard)
@Controller('integrations/ashby')
export class AshbyController {
  constructor(private readonly ashby: AshbyService) {}

  /** Ashby posts an empty object; there is nothing in it to read. */
  @Post('assessment.list')
  @HttpCode(200)
  list(): Promise<AshbyList> {
    return this.ashby.list();
  }

  @Post('assessment.start')
  @HttpCode(200)
  start(@CurrentIntegration() actor: IntegrationActor, @Body() dto: AshbyStartDto): Promise<AshbyAssessmentResult> {
    return this.ashby.start(actor, dto);
  }

  @Post('assessment.cancel')
  @HttpCode(200)
  cancel(@CurrentIntegration() actor: IntegrationActor, @Body() dto: AshbyCancelDto): Promise<AshbyAssessmentResult> {
    return this.ashby.cancel(actor, dto.assessment_id);
  }
}
