import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { markdownAsText, renderMarkdownWithin } from '../common/markdown/markdown.js';
import { AssessmentVersionSummary, AssessmentView, MarkdownPreviewView } from './assessment.view.js';
import { AssessmentsService } from './assessments.service.js';
import { CreateAssessmentDto, MarkdownPreviewDto } from './dto/create-assessment.dto.js';
import { UpdateAssessmentDto } from './dto/update-assessment.dto.js';

// 404 on every operation: no such assessment, or a URL no route matches (`/api/v1/assessments/`), which the
// router answers before any of these runs.
@ApiTags('assessments')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@ApiProblems(404)
@Roles('recruiter')
@Controller('api/v1/assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  /** Creates a draft. `warnings` gives advice about the settings, which are saved as given. */
  @Post()
  @ApiCreatedResponse({ type: AssessmentView })
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateAssessmentDto): Promise<AssessmentView> {
    return this.assessments.create(actor, dto);
  }

  /**
   * Markdown rendered by the code that renders a published version for the candidate's page, for the editor's
   * live preview. Nothing is stored. 400 naming `markdown` when the Markdown bound refuses it (as a save would).
   */
  @Post('markdown-preview')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkdownPreviewView })
  markdownPreview(@Body() dto: MarkdownPreviewDto): MarkdownPreviewView {
    const result = renderMarkdownWithin(dto.markdown);
    // The validator already refused what the bound refuses; a render slower this time than then shows as text.
    return { html: result.refusal === undefined ? result.html : markdownAsText(dto.markdown) };
  }

  /** Every assessment, newest first. */
  @Get()
  @ApiOkResponse({ type: [AssessmentView] })
  list(): Promise<AssessmentView[]> {
    return this.assessments.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: AssessmentView })
  get(@Param() params: IdParamDto): Promise<AssessmentView> {
    return this.assessments.get(params.id);
  }

  /** The published versions, newest first (empty until the first publish). */
  @Get(':id/versions')
  @ApiOkResponse({ type: [AssessmentVersionSummary] })
  versions(@Param() params: IdParamDto): Promise<AssessmentVersionSummary[]> {
    return this.assessments.versionsOf(params.id);
  }

  /** Changes a draft (any subset of the create fields). 409 once published: revise it first. */
  @Patch(':id')
  @ApiOkResponse({ type: AssessmentView })
  @ApiProblems(409)
  update(
    @CurrentStaff() actor: StaffActor,
    @Param() params: IdParamDto,
    @Body() dto: UpdateAssessmentDto,
  ): Promise<AssessmentView> {
    return this.assessments.update(actor, params.id, dto);
  }

  /**
   * Freezes the draft as a new version that invitations are issued against. 409 when it is not a draft, or its
   * content cannot be published yet (no question, Markdown the bound refuses: `errors` names each field).
   */
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: AssessmentView })
  @ApiProblems(409)
  publish(@CurrentStaff() actor: StaffActor, @Param() params: IdParamDto): Promise<AssessmentView> {
    return this.assessments.publish(actor, params.id);
  }

  /**
   * Back to draft for a new version; invitations already issued keep the version they were issued against.
   * 409 when it is not published.
   */
  @Post(':id/revise')
  @HttpCode(200)
  @ApiOkResponse({ type: AssessmentView })
  @ApiProblems(409)
  revise(@CurrentStaff() actor: StaffActor, @Param() params: IdParamDto): Promise<AssessmentView> {
    return this.assessments.revise(actor, params.id);
  }
}
