import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { CreateInvitationDto } from './dto/create-invitation.dto.js';
import { ExtendInvitationDto } from './dto/extend-invitation.dto.js';
import { ListInvitationsQueryDto } from './dto/list-invitations-query.dto.js';
import { CreatedInvitationView, InvitationDetailView, InvitationView } from './invitation.view.js';
import { InvitationsService } from './invitations.service.js';

// 404 on every operation: no such invitation (or assessment), or a URL no route matches (`/api/v1/invitations/`),
// which the router answers before any of these runs.
@ApiTags('invitations')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@ApiProblems(404)
@Roles('recruiter')
@Controller('api/v1')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /**
   * Invites a candidate to the latest published version and emails them their link. The `token` and `link` are
   * returned here only, once. 409 while the assessment has no published version.
   */
  @Post('assessments/:id/invitations')
  @ApiCreatedResponse({ type: CreatedInvitationView })
  @ApiProblems(409)
  invite(
    @CurrentStaff() actor: StaffActor,
    @Param() params: IdParamDto,
    @Body() dto: CreateInvitationDto,
  ): Promise<CreatedInvitationView> {
    return this.invitations.invite(actor, params.id, dto);
  }

  /** Invitations, newest first (at most 1000), optionally of one assessment or in one status. */
  @Get('invitations')
  @ApiOkResponse({ type: [InvitationView] })
  list(@Query() query: ListInvitationsQueryDto): Promise<InvitationView[]> {
    return this.invitations.list(query);
  }

  @Get('invitations/:id')
  @ApiOkResponse({ type: InvitationDetailView })
  get(@Param() params: IdParamDto): Promise<InvitationDetailView> {
    return this.invitations.get(params.id);
  }

  /**
   * Grants extra time: before the start it adds to the time the candidate will get, during the attempt it moves
   * the deadline. 409 unless it is invited or started, or (`type` ending in `/deadline-passed`) once the deadline
   * and its grace period have passed.
   */
  @Post('invitations/:id/extensions')
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationDetailView })
  @ApiProblems(409)
  extend(
    @CurrentStaff() actor: StaffActor,
    @Param() params: IdParamDto,
    @Body() dto: ExtendInvitationDto,
  ): Promise<InvitationDetailView> {
    return this.invitations.extend(actor, params.id, dto);
  }

  /** Withdraws the invitation: its link stops working. 409 unless it is invited or started. */
  @Post('invitations/:id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationView })
  @ApiProblems(409)
  withdraw(@CurrentStaff() actor: StaffActor, @Param() params: IdParamDto): Promise<InvitationView> {
    return this.invitations.withdraw(actor, params.id);
  }
}
