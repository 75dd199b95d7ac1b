import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TooManyRequestsError } from '../common/http/too-many-requests.error.js';
import { ProblemDetailsFilter } from '../common/errors/problem-details.filter.js';

/** The login limit's 429 as problem+json with Retry-After, the seconds its detail names. */
@Catch(TooManyRequestsError)
export class LoginThrottleFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(error: TooManyRequestsError, host: ArgumentsHost): void {
    void host.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(error.retryAfterSeconds));
    this.problems.catch(error, host);
  }
}
