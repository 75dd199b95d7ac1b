import { Body, Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Public, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { AuthService, type LoginResult } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginThrottleFilter } from './login-throttle.filter.js';
import { type StaffRequest } from './staff-auth.guard.js';

@ApiTags('staff')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  // Limited per client address and per account, shared with the /login page (LoginThrottle).
  @Public()
  @UseFilters(LoginThrottleFilter)
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() request: StaffRequest): Promise<LoginResult> {
    return this.auth.login(dto, { address: request.ip, via: 'api' });
  }

  /** Ends the session the request is authenticated with: the token, and the page session if it is one, stop at once. */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentStaff() actor: StaffActor, @Req() request: StaffRequest): Promise<void> {
    await this.auth.logout(actor.id, request.staffSessionId!);
  }
}
