import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { CreateInvitationDto } from './dto/create-invitation.dto.js';
import { ExtendInvitationDto } from './dto/extend-invitation.dto.js';
import { ListInvitationsQueryDto } from './dto/list-invitations-query.dto.js';
import { type CreatedInvitationView, type InvitationDetailView, type InvitationView } from './invitation.view.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('invitations')
@ApiBearerAuth()
@Roles('recruiter')
@Controller('api/v1')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('assessments/:id/invitations')
  invite(
    @CurrentStaff() actor: StaffActor,
    @Param() params: IdParamDto,
    @Body() dto: CreateInvitationDto,
  ): Promise<CreatedInvitationView> {
    return this.invitations.invite(actor, params.id, dto);
  }

  @Get('invitations')
  list(@Query() query: ListInvitationsQueryDto): Promise<InvitationView[]> {
    return this.invitations.list(query);
  }

  @Get('invitations/:id')
  get(@Param() params: IdParamDto): Promise<InvitationDetailView> {
    return this.invitations.get(params.id);
  }

  @Post('invitations/:id/extensions')
  @HttpCode(200)
  extend(
    @CurrentStaff() actor: StaffActor,
    @Param() params: IdParamDto,
    @Body() dto: ExtendInvitationDto,
  ): Promise<InvitationDetailView> {
    return this.invitations.extend(actor, params.id, dto);
  }

  @Post('invitations/:id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentStaff() actor: StaffActor, @Param() params: IdParamDto): Promise<InvitationView> {
    return this.invitations.withdraw(actor, params.id);
  }
}
