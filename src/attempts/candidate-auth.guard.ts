import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../auth/auth.errors.js';
import { bearerToken } from '../auth/staff-auth.guard.js';
import { InvitationsService } from '../invitations/invitations.service.js';

/** Who is calling a candidate route: the invitation their token belongs to. */
export interface CandidateActor {
  invitationId: string;
}

type CandidateRequest = FastifyRequest & { candidate?: CandidateActor };

/**
 * Candidate routes (mark them @Public() for the staff guard): `Authorization: Bearer <candidate token>`.
 * The token is looked up by its hash; an unknown token, or a staff JWT, is 401.
 */
@Injectable()
export class CandidateAuthGuard implements CanActivate {
  constructor(private readonly invitations: InvitationsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CandidateRequest>();
    const token = bearerToken(request);
    if (!token) throw new UnauthenticatedError('Send the token from your invitation link as a Bearer credential.');
    const invitation = await this.invitations.findByToken(token);
    if (!invitation) throw new UnauthenticatedError('This invitation token is not valid.');
    request.candidate = { invitationId: invitation.id };
    return true;
  }
}

export const CurrentCandidate = createParamDecorator((_: unknown, ctx: ExecutionContext): CandidateActor => {
  const request = ctx.switchToHttp().getRequest<CandidateRequest>();
  if (!request.candidate) throw new Error('CurrentCandidate used on a route without CandidateAuthGuard');
  return request.candidate;
});
