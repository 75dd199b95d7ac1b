import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { ERROR_CATALOG } from '../common/errors/error-catalog.js';
import { TooManyRequestsError } from '../common/http/too-many-requests.error.js';
import { LOGIN_TEMPLATE, safeNext } from './web-session.js';

/** A failed browser login (or sign-out) shows the form again with a message instead of problem+json. */
@Catch(DomainError)
export class LoginFormFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest<{ Body: { email?: unknown; next?: unknown } | undefined }>>();
    const reply = http.getResponse<FastifyReply>();
    const status = ERROR_CATALOG[error.code].status;
    if (error instanceof TooManyRequestsError) void reply.header('retry-after', String(error.retryAfterSeconds));
    const message =
      error.code === 'AUTH.INVALID_CREDENTIALS'
        ? 'Email or password is wrong.'
        : error.code === 'REQUEST.RATE_LIMITED' || error.code === 'AUTH.CROSS_SITE'
          ? error.message
          : 'Enter a valid email address and your password.';
    const email = typeof request.body?.email === 'string' ? request.body.email.slice(0, 254) : '';
    void reply
      .status(status)
      .header('cache-control', 'no-store')
      .view(LOGIN_TEMPLATE, { next: safeNext(request.body?.next), email, error: message });
  }
}
