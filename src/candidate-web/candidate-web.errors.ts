import { DomainError } from '../common/errors/domain-error.js';

export type GoneReason = 'expired' | 'withdrawn';

/** The link was real but leads nowhere any more: the page explains why (410). */
export class CandidateLinkGoneError extends DomainError {
  constructor(readonly reason: GoneReason) {
    super('CANDIDATE_LINK.GONE', `This invitation is ${reason}.`);
  }
}
