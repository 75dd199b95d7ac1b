import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { type UserView } from './user.view.js';
import { UsersService } from './users.service.js';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles('admin')
  @Post()
  create(@Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto);
  }

  @Get('me')
  me(@CurrentStaff() actor: StaffActor): Promise<UserView> {
    return this.users.me(actor);
  }
}
