import { Body, Controller, Get, Post, Query, Res, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { LoginPageQueryDto, WebLoginDto } from './dto/web-login.dto.js';
import { LoginFormFilter } from './login-form.filter.js';
import { WebAuthService } from './web-auth.service.js';
import { LOGIN_TEMPLATE, safeNext } from './web-session.js';

/** Browser sign-in for the staff pages: the session is the staff JWT in an httpOnly, SameSite=Strict cookie. */
@ApiExcludeController()
@Public()
@UseFilters(LoginFormFilter)
@Controller()
export class WebAuthController {
  constructor(private readonly webAuth: WebAuthService) {}

  @Get('login')
  async form(@Query() query: LoginPageQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await reply.header('cache-control', 'no-store').view(LOGIN_TEMPLATE, { next: safeNext(query.next) });
  }

  // Same per-client limit as the API login (LOGIN_RATE_LIMIT_PER_MINUTE).
  @RouteConfig({ rateLimit: {} })
  @Post('login')
  async login(@Body() dto: WebLoginDto, @Res() reply: FastifyReply): Promise<void> {
    await this.webAuth.signIn(reply, dto);
  }

  @Post('logout')
  async logout(@Res() reply: FastifyReply): Promise<void> {
    await this.webAuth.signOut(reply);
  }
}
