import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/staff-auth.guard.js';
import { type CandidateActor, CandidateAuthService } from './candidate-auth.service.js';

type CandidateRequest = FastifyRequest & { candidate?: CandidateActor };

/**
 * Candidate routes (mark them @Public() for the staff guard): `Authorization: Bearer <candidate token>`.
 * The token is looked up by its hash; an unknown token, or a staff JWT, is 401.
 */
@Injectable()
export class CandidateAuthGuard implements CanActivate {
  // Guards are built in each controller's module, so the guard's dependency is this module's exported service.
  constructor(private readonly auth: CandidateAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CandidateRequest>();
    request.candidate = await this.auth.authenticate(bearerToken(request));
    return true;
  }
}

export const CurrentCandidate = createParamDecorator((_: unknown, ctx: ExecutionContext): CandidateActor => {
  const request = ctx.switchToHttp().getRequest<CandidateRequest>();
  if (!request.candidate) throw new Error('CurrentCandidate used on a route without CandidateAuthGuard');
  return request.candidate;
});
