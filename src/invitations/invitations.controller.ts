import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { checkBulkRows } from './bulk-rows.js';
import { BulkInvitationsDto } from './dto/bulk-invitations.dto.js';
import { CreateInvitationDto } from './dto/create-invitation.dto.js';
import { ExtendInvitationDto } from './dto/extend-invitation.dto.js';
import { ListInvitationsQueryDto } from './dto/list-invitations-query.dto.js';
import {
  BulkCreatedInvitationsView,
  CreatedInvitationView,
  InvitationDetailView,
  InvitationListItemView,
  InvitationView,
  ResentInvitationView,
} from './invitation.view.js';
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

  /**
   * Invites many candidates at once, all or none. The body is `text/csv` with the header
   * `candidateName,candidateEmail,extraMinutes` (columns in any order; `extraMinutes` may be left out or empty),
   * or JSON `{invitations: [{candidateName, candidateEmail, extraMinutes?}]}`; at most 1000 rows.
   * Rows are numbered from 1: the CSV's data rows (the header is not a row, blank lines are skipped, so row n is
   * line n + 1 of a file without blank lines), or the JSON array's index + 1. If any row breaks the single
   * invitation's rules, repeats an email of an earlier row, or names an email that already has an open (invited or
   * started) invitation to this assessment, the answer is 400 with an `errors` entry `rows[<n>].<field>` (or
   * `rows[<n>]`, `header`, `rows`) for every problem, and nothing is created or sent. Otherwise each candidate is
   * emailed their link, and the links and tokens are returned here only, once, in row order. 409 while the
   * assessment has no published version.
   */
  @Post('assessments/:id/invitations/bulk')
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ type: BulkInvitationsDto })
  @ApiCreatedResponse({ type: BulkCreatedInvitationsView })
  @ApiProblems(409)
  inviteMany(
    @CurrentStaff() actor: StaffActor,
    @Param() params: IdParamDto,
    // A CsvTable (text/csv) or the JSON: checked row by row in checkBulkRows, so each error names its row.
    @Body() body: unknown,
  ): Promise<BulkCreatedInvitationsView> {
    const { rows, errors } = checkBulkRows(body);
    return this.invitations.inviteMany(actor, params.id, rows, errors);
  }

  /**
   * Invitations, newest first (at most 1000, or `limit`, after `offset`), optionally of one assessment, in one
   * status, or whose candidate's name or email contains `q` (any case); with the assessment's title and the
   * `overdue` and `atRisk` feedback flags.
   */
  @Get('invitations')
  @ApiOkResponse({ type: [InvitationListItemView] })
  list(@Query() query: ListInvitationsQueryDto): Promise<InvitationListItemView[]> {
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

  /**
   * Emails the candidate again with a new link; the old link stops working (tokens are kept only hashed, so the
   * first cannot be sent again). The new `link` and `token` are returned here only, once. 409 unless it is
   * invited or started.
   */
  @Post('invitations/:id/resend')
  @HttpCode(200)
  @ApiOkResponse({ type: ResentInvitationView })
  @ApiProblems(409)
  resend(@CurrentStaff() actor: StaffActor, @Param() params: IdParamDto): Promise<ResentInvitationView> {
    return this.invitations.resend(actor, params.id);
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
