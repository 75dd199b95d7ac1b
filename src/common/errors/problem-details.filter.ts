import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';
import { ERROR_CATALOG } from './error-catalog.js';
import { isOverload, OVERLOAD_RETRY_AFTER_SECONDS } from './overload.js';
import { loggedPath } from '../logging/logged-request.js';
import { type ProblemDetails } from './problem-details.dto.js';

const PROBLEM_BASE = '/problems/';

/** Turns every error into RFC 9457 problem+json: domain codes through ERROR_CATALOG, the rest by status. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const overload = isOverload(exception);
    const problem = overload ? busyProblem() : this.toProblem(exception);
    problem.instance = request.url.split('?')[0];
    if (overload) {
      this.logger.warn({ path: loggedPath(problem.instance) }, 'overloaded: answered 503');
      void reply.header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500) {
      // The error is reduced to type, message, code, query text and stack by the logger (src/common/logging).
      this.logger.error({ err: exception, path: loggedPath(problem.instance) }, 'unhandled error');
    }
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }

  toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      const spec = ERROR_CATALOG[exception.code];
      return {
        type: PROBLEM_BASE + spec.type,
        title: spec.title,
        status: spec.status,
        detail: exception.message,
        code: exception.code,
        ...(exception.fieldErrors ? { errors: exception.fieldErrors } : {}),
      };
    }
    const status = statusOf(exception);
    if (status >= 500) {
      return {
        type: PROBLEM_BASE + 'internal',
        title: 'Internal error',
        status,
        detail: 'Something went wrong on our side.',
      };
    }
    const detail = exception instanceof Error ? exception.message : 'Request failed';
    const title = HttpStatus[status]?.toLowerCase().replace(/_/g, ' ') ?? 'error';
    const problem: ProblemDetails = {
      type: PROBLEM_BASE + title.replace(/ /g, '-'),
      title: title.charAt(0).toUpperCase() + title.slice(1),
      status,
      detail,
    };
    // Body that is not JSON at all (Fastify's parser) still names the field: the body.
    if (status === 400) problem.errors = [{ field: 'body', message: detail }];
    return problem;
  }
}

function busyProblem(): ProblemDetails {
  const spec = ERROR_CATALOG['SERVICE.BUSY'];
  return {
    type: PROBLEM_BASE + spec.type,
    title: spec.title,
    status: spec.status,
    detail: `Too many requests at once; try again in ${OVERLOAD_RETRY_AFTER_SECONDS} s. Nothing saved before was lost.`,
    code: 'SERVICE.BUSY',
  };
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const candidate = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 600 ? candidate : 500;
}
