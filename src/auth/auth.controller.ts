import { Body, Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Public, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiProblems, ApiRequestProblems } from '../common/http/api-problems.decorator.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResult } from './login-result.view.js';
import { LoginThrottleFilter } from './login-throttle.filter.js';
import { type StaffRequest } from './staff-auth.guard.js';

@ApiTags('staff')
@ApiRequestProblems()
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Signs a staff member in. 401 for a wrong email or password (and for a deactivated account, alike); 429 when
   * the client address or the account has tried too often.
   */
  // Limited per client address and per account, shared with the /login page (LoginThrottle).
  @Public()
  @UseFilters(LoginThrottleFilter)
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResult })
  @ApiProblems(401, 429)
  login(@Body() dto: LoginDto, @Req() request: StaffRequest): Promise<LoginResult> {
    return this.auth.login(dto, { address: request.ip, via: 'api' });
  }

  /** Ends the session the request is authenticated with: the token, and the page session if it is one, stop at once. */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out.' })
  @ApiProblems(401, 403)
  async logout(@CurrentStaff() actor: StaffActor, @Req() request: StaffRequest): Promise<void> {
    await this.auth.logout(actor.id, request.staffSessionId!);
  }
}
