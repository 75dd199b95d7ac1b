import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UserView } from './user.view.js';
import { UsersService } from './users.service.js';
import { staffActor } from '../events/events.service.js';

@ApiTags('staff')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /**
   * Creates a staff account. 400 names `password` when it is too easy to guess; 409 when the email, or one that
   * looks the same, is taken.
   */
  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: UserView })
  @ApiProblems(409)
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto, staffActor(actor));
  }

  /** The signed-in staff member. */
  @Get('me')
  @ApiOkResponse({ type: UserView })
  @ApiProblems(404)
  me(@CurrentStaff() actor: StaffActor): Promise<UserView> {
    return this.users.me(actor);
  }
}
