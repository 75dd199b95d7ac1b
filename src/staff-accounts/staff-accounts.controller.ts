import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { StaffAccountsService } from './staff-accounts.service.js';
import { type StaffAccountView } from '../users/user.view.js';
import { UsersService } from '../users/users.service.js';

/** Admins' list and changes of staff accounts (create is UsersController's). */
@ApiTags('staff')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/users')
export class StaffAccountsController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: StaffAccountsService,
  ) {}

  @Get()
  list(): Promise<StaffAccountView[]> {
    return this.users.list();
  }

  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffActor,
    @Param() { id }: IdParamDto,
    @Body() dto: UpdateUserDto,
  ): Promise<StaffAccountView> {
    return this.accounts.update(actor, id, dto);
  }
}
