import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { type AssessmentView } from './assessment.entity.js';
import { AssessmentsService } from './assessments.service.js';
import { CreateAssessmentDto } from './dto/create-assessment.dto.js';
import { UpdateAssessmentDto } from './dto/update-assessment.dto.js';

@ApiTags('assessments')
@ApiBearerAuth()
@Roles('recruiter')
@Controller('api/v1/assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateAssessmentDto): Promise<AssessmentView> {
    return this.assessments.create(actor, dto);
  }

  @Get()
  list(): Promise<AssessmentView[]> {
    return this.assessments.list();
  }

  @Get(':id')
  get(@Param() params: IdParamDto): Promise<AssessmentView> {
    return this.assessments.get(params.id);
  }

  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffActor,
    @Param() params: IdParamDto,
    @Body() dto: UpdateAssessmentDto,
  ): Promise<AssessmentView> {
    return this.assessments.update(actor, params.id, dto);
  }

  @Post(':id/publish')
  @HttpCode(200)
  publish(@CurrentStaff() actor: StaffActor, @Param() params: IdParamDto): Promise<AssessmentView> {
    return this.assessments.publish(actor, params.id);
  }

  /** Back to draft for a new version; invitations already issued keep the version they were issued against. */
  @Post(':id/revise')
  @HttpCode(200)
  revise(@CurrentStaff() actor: StaffActor, @Param() params: IdParamDto): Promise<AssessmentView> {
    return this.assessments.revise(actor, params.id);
  }
}
