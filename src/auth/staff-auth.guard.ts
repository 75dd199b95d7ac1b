import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { type UserRole } from '../common/auth/staff-role.js';
import { PUBLIC_ROUTE, ROLES, type StaffActor } from '../common/auth/staff-route.decorators.js';
import {
  CrossSiteRequestError,
  ForbiddenRoleError,
  FormBodyRefusedError,
  UnauthenticatedError,
} from './auth.errors.js';
import { CSRF_HEADER, csrfTokenFor, isFormBodyOnJsonApi, isSameOrigin, SAFE_METHODS, sameToken } from './cross-site.js';
import { StaffSessionsService } from './staff-sessions.service.js';

export const SESSION_COOKIE = 'candor_session';

export interface StaffClaims {
  sub: string;
  role: UserRole;
  typ: 'staff';
  /** The staff_sessions row this token belongs to. */
  sid: string;
}

export type StaffRequest = FastifyRequest & { staff?: StaffActor; staffSessionId?: string };

/**
 * Global guard: every route needs a live staff session unless marked @Public; @Roles narrows it. A session is
 * a signed JWT whose `sid` row is not revoked and whose person is active, checked on every request. A change
 * made with the page's cookie (not a Bearer header) must also carry the page's CSRF token and a same-origin
 * Origin: the cookie goes along with requests other sites make, the token and Origin do not.
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: StaffSessionsService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<StaffRequest>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      if (isFormBodyOnJsonApi(request)) throw new FormBodyRefusedError();
      return true;
    }
    const bearer = bearerToken(request);
    const token = bearer ?? request.cookies?.[SESSION_COOKIE];
    if (!token) throw new UnauthenticatedError();
    const claims = await this.verify(token);
    const session = claims ? await this.sessions.findLive(claims.sid, claims.sub) : null;
    if (!claims || !session)
      throw new UnauthenticatedError('The access token is invalid, has expired or was signed out.');
    request.staff = { id: session.userId, role: session.role };
    request.staffSessionId = claims.sid;
    if (!bearer) {
      const csrfToken = csrfTokenFor(this.config.auth.jwtSecret, claims.sid);
      // Pages rendered for this session put it in <meta name="csrf-token"> and their forms (reply.locals).
      const reply = http.getResponse<FastifyReply & { locals?: Record<string, unknown> | null }>();
      reply.locals = { ...reply.locals, csrfToken };
      if (!SAFE_METHODS.has(request.method)) {
        if (!sameToken(request.headers[CSRF_HEADER], csrfToken)) throw new CrossSiteRequestError();
        if (!isSameOrigin(request, this.config.http.publicBaseUrl))
          throw new CrossSiteRequestError(
            'A change made with the page session must come from a Candor page (same-origin Origin header).',
          );
      }
    }
    // After the CSRF check: a cross-site form with the cookie is a 403 like any other cross-site change.
    if (isFormBodyOnJsonApi(request)) throw new FormBodyRefusedError();
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && session.role !== 'admin' && !roles.includes(session.role)) throw new ForbiddenRoleError();
    return true;
  }

  /** The token's claims when it is a well-formed, unexpired staff token with a session id; otherwise null. */
  private async verify(token: string): Promise<StaffClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<StaffClaims>(token);
      return claims.typ === 'staff' && typeof claims.sub === 'string' && typeof claims.sid === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : undefined;
}
