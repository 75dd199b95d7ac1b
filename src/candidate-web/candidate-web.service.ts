import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AttemptsService } from '../attempts/attempts.service.js';
import { AppConfig } from '../config/app-config.js';
import { InvitationNotFoundError } from '../invitations/invitation.errors.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { type CandidatePageModel, presentCandidatePage } from './candidate-page.presenter.js';
import { CandidateLinkGoneError } from './candidate-web.errors.js';

/** The candidate's page, rendered from the same attempt view the candidate API returns. */
@Injectable()
export class CandidateWebService {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly attempts: AttemptsService,
    private readonly config: AppConfig,
  ) {}

  async page(token: string): Promise<CandidatePageModel> {
    const invitation = await this.invitations.findByToken(token);
    if (!invitation) throw new InvitationNotFoundError();
    const view = await this.attempts.view({ invitationId: invitation.id });
    if (view.status === 'expired' || view.status === 'withdrawn') throw new CandidateLinkGoneError(view.status);
    // The expiry sweep may not have run yet; the candidate should not be offered a Start that will fail.
    if (view.status === 'invited' && view.serverNow > view.startBy) throw new CandidateLinkGoneError('expired');
    return presentCandidatePage(view, storageKeyFor(token), this.config.attempts.graceSeconds);
  }
}

/**
 * The browser keeps unsent answers under this key. Derived from the token with its own prefix, so it is
 * neither the token nor the hash the database looks the token up by.
 */
export function storageKeyFor(token: string): string {
  return createHash('sha256').update(`candor-browser-storage:${token}`).digest('base64url').slice(0, 22);
}
