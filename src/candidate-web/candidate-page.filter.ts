import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { CandidateLinkGoneError } from './candidate-web.errors.js';

export const CANDIDATE_PAGE_TEMPLATE = 'candidate-web/candidate-page.hbs';

interface PageProblem {
  heading: string;
  message: string;
  advice: string;
}

/**
 * Where a candidate's question reaches someone: the configured reply address (MAIL_REPLY_TO), or else the
 * recruiter who invited them (the invitation email's Reply-To is that recruiter when none is configured).
 */
export function askRecruiter(replyTo: string | undefined): string {
  return replyTo
    ? `If you think this is a mistake, write to ${replyTo} and the recruiter will help.`
    : 'If you think this is a mistake, reply to your invitation email: it goes to the recruiter who invited you.';
}

function gone(reason: CandidateLinkGoneError['reason'], ask: string): PageProblem {
  return reason === 'expired'
    ? {
        heading: 'This invitation has expired',
        message: 'The assessment had to be started by the date in your invitation, and that date has passed.',
        advice: 'Recruiters can send a new invitation. ' + ask,
      }
    : {
        heading: 'This invitation was withdrawn',
        message: 'The company has withdrawn this assessment invitation, so it can no longer be taken.',
        advice: ask,
      };
}

const unknown = (ask: string): PageProblem => ({
  heading: 'This link is not valid',
  message:
    'We could not find an assessment for this link. Check that you copied the whole link from your invitation email.',
  advice: ask,
});

const BROKEN: PageProblem = {
  heading: 'Something went wrong on our side',
  message: 'The page could not be shown just now. Any answers you saved are safe.',
  advice: 'Please reload the page in a minute.',
};

/**
 * The candidate page answers in HTML, never problem+json: a person with a link reads this, not a client.
 * Unknown or malformed links are 404, expired or withdrawn ones 410, anything else 500.
 */
@Catch()
@Injectable()
export class CandidatePageFilter implements ExceptionFilter {
  private readonly logger = new Logger('CandidatePage');

  constructor(private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, problem] = describe(exception, askRecruiter(this.config.mail.replyTo));
    // The request (and so the token in its path) is deliberately not part of the log entry.
    if (status >= 500) this.logger.error({ err: exception }, 'candidate page failed');
    void reply.status(status).header('cache-control', 'no-store').view(CANDIDATE_PAGE_TEMPLATE, { problem });
  }
}

function describe(exception: unknown, ask: string): [number, PageProblem] {
  if (exception instanceof CandidateLinkGoneError) return [410, gone(exception.reason, ask)];
  if (
    exception instanceof DomainError &&
    (exception.code === 'INVITATION.NOT_FOUND' || exception.code === 'REQUEST.VALIDATION')
  ) {
    return [404, unknown(ask)];
  }
  return [500, BROKEN];
}
