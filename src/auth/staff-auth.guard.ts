import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { type UserRole } from '../users/user.entity.js';
import { PUBLIC_ROUTE, ROLES, type StaffActor } from './auth.decorators.js';
import { ForbiddenRoleError, UnauthenticatedError } from './auth.errors.js';

export const SESSION_COOKIE = 'candor_session';

interface StaffClaims {
  sub: string;
  role: UserRole;
  typ: 'staff';
}

/** Global guard: every route needs a staff token unless marked @Public; @Roles narrows it. */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { staff?: StaffActor }>();
    const token = bearerToken(request) ?? request.cookies?.[SESSION_COOKIE];
    if (!token) throw new UnauthenticatedError();
    let claims: StaffClaims;
    try {
      claims = await this.jwt.verifyAsync<StaffClaims>(token);
    } catch {
      throw new UnauthenticatedError('The access token is invalid or has expired.');
    }
    if (claims.typ !== 'staff') throw new UnauthenticatedError();
    request.staff = { id: claims.sub, role: claims.role };
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && claims.role !== 'admin' && !roles.includes(claims.role)) throw new ForbiddenRoleError();
    return true;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : undefined;
}
