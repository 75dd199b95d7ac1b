import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthService } from '../auth/auth.service.js';
import { SESSION_COOKIE } from '../auth/staff-auth.guard.js';
import { AppConfig } from '../config/app-config.js';
import { type WebLoginDto } from './dto/web-login.dto.js';
import { safeNext } from './web-session.js';

@Injectable()
export class WebAuthService {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /** Checks the credentials (same rules and timing as the API login), sets the session cookie, redirects. */
  async signIn(reply: FastifyReply, dto: WebLoginDto): Promise<void> {
    const { accessToken } = await this.auth.login({ email: dto.email, password: dto.password });
    await reply
      .setCookie(SESSION_COOKIE, accessToken, { ...this.cookieOptions(), maxAge: this.config.auth.jwtTtlMinutes * 60 })
      .redirect(safeNext(dto.next), 303);
  }

  async signOut(reply: FastifyReply): Promise<void> {
    await reply.clearCookie(SESSION_COOKIE, this.cookieOptions()).redirect('/login', 303);
  }

  private cookieOptions(): { httpOnly: true; sameSite: 'strict'; secure: boolean; path: string } {
    return { httpOnly: true, sameSite: 'strict', secure: this.config.http.publicBaseUrl.startsWith('https:'), path: '/' };
  }
}
