import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { fill, type Locale, messagesFor, pickLocale } from '../common/i18n/catalogue.js';
import { AppConfig } from '../config/app-config.js';
import { CandidateLinkGoneError } from './candidate-web.errors.js';

export const CANDIDATE_PAGE_TEMPLATE = 'candidate-web/candidate-page.hbs';

interface PageProblem {
  heading: string;
  message: string;
  advice: string;
}

type ProblemMessages = ReturnType<typeof messagesFor>['candidatePage']['problems'];

/**
 * Where a candidate's question reaches someone. With MAIL_REPLY_TO set, that address. Without it the invitation's
 * reply goes to the recruiter who sent it, but invitations from Greenhouse or Ashby have no recruiter and no
 * Reply-To (the reply goes to MAIL_FROM); the page cannot tell which, so it promises only that someone helps.
 */
export function askRecruiter(replyTo: string | undefined, locale: Locale = 'en'): string {
  const m = messagesFor(locale).candidatePage.problems;
  return replyTo ? fill(m.askAddress, { address: replyTo }) : m.askReply;
}

function gone(m: ProblemMessages, reason: CandidateLinkGoneError['reason'], ask: string): PageProblem {
  return reason === 'expired'
    ? { heading: m.expiredHeading, message: m.expiredMessage, advice: fill(m.expiredAdvice, { ask }) }
    : { heading: m.withdrawnHeading, message: m.withdrawnMessage, advice: ask };
}

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
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const locale = pickLocale(http.getRequest<FastifyRequest>().headers['accept-language']);
    const m = messagesFor(locale).candidatePage.problems;
    const [status, problem] = describe(exception, m, askRecruiter(this.config.mail.replyTo, locale));
    // The request (and so the token in its path) is deliberately not part of the log entry.
    // `page.lang` only sets <html lang>: the problem is written in the language the browser asked for.
    if (status >= 500) this.logger.error({ err: exception }, 'candidate page failed');
    void reply
      .status(status)
      .header('cache-control', 'no-store')
      .view(CANDIDATE_PAGE_TEMPLATE, { problem, page: { lang: locale } });
  }
}

function describe(exception: unknown, m: ProblemMessages, ask: string): [number, PageProblem] {
  if (exception instanceof CandidateLinkGoneError) return [410, gone(m, exception.reason, ask)];
  if (
    exception instanceof DomainError &&
    (exception.code === 'INVITATION.NOT_FOUND' || exception.code === 'REQUEST.VALIDATION')
  ) {
    return [404, { heading: m.unknownHeading, message: m.unknownMessage, advice: ask }];
  }
  return [500, { heading: m.brokenHeading, message: m.brokenMessage, advice: m.brokenAdvice }];
}
