import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthService } from '../auth/auth.service.js';
import { SESSION_COOKIE } from '../auth/staff-auth.guard.js';
import { AppConfig } from '../config/app-config.js';
import { type WebLoginDto } from './dto/web-login.dto.js';
import { landingPage } from './staff-nav.js';
import { safeNext } from './web-session.js';

@Injectable()
export class WebAuthService {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /** Checks the credentials (the API login's rules, limit and timing), sets the session cookie, redirects. */
  async signIn(reply: FastifyReply, dto: WebLoginDto, clientAddress: string): Promise<void> {
    const { accessToken, user } = await this.auth.login(
      { email: dto.email, password: dto.password },
      { address: clientAddress, via: 'page' },
    );
    await reply
      .setCookie(SESSION_COOKIE, accessToken, { ...this.cookieOptions(), maxAge: this.config.auth.jwtTtlMinutes * 60 })
      .redirect(safeNext(dto.next, landingPage(user.role)), 303);
  }

  /** Ends the page's session on the server (not only the cookie) and sends the browser to /login. */
  async signOut(reply: FastifyReply, session: { userId: string; sessionId: string } | null): Promise<void> {
    if (session) await this.auth.logout(session.userId, session.sessionId);
    await reply.clearCookie(SESSION_COOKIE, this.cookieOptions()).redirect('/login', 303);
  }

  private cookieOptions(): { httpOnly: true; sameSite: 'strict'; secure: boolean; path: string } {
    return {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.http.publicBaseUrl.startsWith('https:'),
      path: '/',
    };
  }
}
