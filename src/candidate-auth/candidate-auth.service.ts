import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '../auth/auth.errors.js';
import { InvitationsService } from '../invitations/invitations.service.js';

/** Who is calling a candidate route: the invitation their token belongs to. */
export interface CandidateActor {
  invitationId: string;
  /** The frozen content the invitation was issued against (it never changes for an invitation). */
  assessmentVersionId: string;
}

/** Turns a candidate token into the invitation it belongs to, or a 401. */
@Injectable()
export class CandidateAuthService {
  constructor(private readonly invitations: InvitationsService) {}

  async authenticate(token: string | undefined): Promise<CandidateActor> {
    if (!token) throw new UnauthenticatedError('Send the token from your invitation link as a Bearer credential.');
    const invitation = await this.invitations.findActorByToken(token);
    if (!invitation) throw new UnauthenticatedError('This invitation token is not valid.');
    return { invitationId: invitation.id, assessmentVersionId: invitation.assessmentVersionId };
  }
}
