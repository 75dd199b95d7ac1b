import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/staff-route.decorators.js';
import { CrossSiteRequestError } from '../auth/auth.errors.js';
import { AuthService } from '../auth/auth.service.js';
import { csrfTokenFor, isSameOrigin, sameToken } from '../auth/cross-site.js';
import { SESSION_COOKIE } from '../auth/staff-auth.guard.js';
import { AppConfig } from '../config/app-config.js';
import { LoginPageQueryDto, LogoutFormDto, WebLoginDto } from './dto/web-login.dto.js';
import { LoginFormFilter } from './login-form.filter.js';
import { WebAuthService } from './web-auth.service.js';
import { HOME_TEMPLATE, LOGIN_TEMPLATE, safeNext } from './web-session.js';

/** Browser sign-in for the staff pages: the session is the staff JWT in an httpOnly, SameSite=Strict cookie. */
@ApiExcludeController()
@Public()
@UseFilters(LoginFormFilter)
@Controller()
export class WebAuthController {
  constructor(
    private readonly webAuth: WebAuthService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /** What Candor is and the way to sign in: people who type the bare address land here. */
  @Get()
  async home(@Res() reply: FastifyReply): Promise<void> {
    await reply.view(HOME_TEMPLATE, {});
  }

  @Get('login')
  async form(@Query() query: LoginPageQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await reply.header('cache-control', 'no-store').view(LOGIN_TEMPLATE, { next: safeNext(query.next, '') });
  }

  // The API login's limit, shared with it (LoginThrottle). A form posted from another site would sign the
  // browser into someone else's account: a cross-site Origin is refused.
  @Post('login')
  async login(@Body() dto: WebLoginDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const origin = request.headers.origin;
    // Under the pages' no-referrer policy a browser sends "Origin: null" from our own form: only a real other origin is refused.
    if (origin !== undefined && origin !== 'null' && !isSameOrigin(request, this.config.http.publicBaseUrl))
      throw new CrossSiteRequestError("Sign in from Candor's own page.");
    await this.webAuth.signIn(reply, dto, request.ip);
  }

  /**
   * Sign-out form of the staff pages: with a live session, the form must carry that session's CSRF token (a
   * hidden field), so another site cannot sign people out; without one, only the cookie is cleared.
   */
  @Post('logout')
  async logout(@Body() form: LogoutFormDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = request.cookies?.[SESSION_COOKIE];
    const session = token ? await this.auth.sessionOf(token) : null;
    if (session && !sameToken(form._csrf, csrfTokenFor(this.config.auth.jwtSecret, session.sessionId))) {
      throw new CrossSiteRequestError('Sign out from a Candor page.');
    }
    await this.webAuth.signOut(reply, session);
  }
}
