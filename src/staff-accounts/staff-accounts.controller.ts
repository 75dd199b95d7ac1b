import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { StaffAccountsService } from './staff-accounts.service.js';
import { StaffAccountView } from '../users/user.view.js';
import { UsersService } from '../users/users.service.js';

/** Admins' list and changes of staff accounts (create is UsersController's). */
@ApiTags('staff')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('admin')
@Controller('api/v1/users')
export class StaffAccountsController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: StaffAccountsService,
  ) {}

  /** Every staff account, oldest first. */
  @Get()
  @ApiOkResponse({ type: [StaffAccountView] })
  list(): Promise<StaffAccountView[]> {
    return this.users.list();
  }

  /**
   * Renames, changes the role of, deactivates or reactivates an account. 409 when the change would leave no
   * active admin.
   */
  @Patch(':id')
  @ApiOkResponse({ type: StaffAccountView, description: 'The account as changed.' })
  @ApiProblems(404, 409)
  update(
    @CurrentStaff() actor: StaffActor,
    @Param() { id }: IdParamDto,
    @Body() dto: UpdateUserDto,
  ): Promise<StaffAccountView> {
    return this.accounts.update(actor, id, dto);
  }
}
