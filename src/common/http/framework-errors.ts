import { STATUS_CODES } from 'node:http';
import { type Socket } from 'node:net';
import { type FastifyReply, type FastifyServerOptions } from 'fastify';
import { DomainError, RequestValidationError } from '../errors/domain-error.js';
import { type ProblemDetails } from '../errors/problem-details.dto.js';
import { ProblemDetailsFilter } from '../errors/problem-details.filter.js';

const problems = new ProblemDetailsFilter();

/** The problem for an error Fastify answers itself, before any route (and so before Nest's filters) runs. */
export function frameworkProblem(code: string | undefined): ProblemDetails {
  switch (code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problems.toProblem(
        new DomainError(
          'REQUEST.URI_TOO_LONG',
          'A part of the URL path is longer than 100 characters; no id or key of this API is.',
        ),
      );
    case 'FST_ERR_BAD_URL':
      return problems.toProblem(
        new RequestValidationError([
          { field: 'path', message: 'is not a valid URL: a percent-encoded part is not UTF-8' },
        ]),
      );
    case 'HPE_HEADER_OVERFLOW':
      return problems.toProblem(
        new DomainError('REQUEST.HEADERS_TOO_LARGE', 'The URL and headers together exceed 16 KB.'),
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problems.toProblem(
        new DomainError('REQUEST.TIMEOUT', 'The request did not arrive in time; send it again.'),
      );
    default:
      return problems.toProblem(
        new RequestValidationError([{ field: 'request', message: 'is not a well-formed HTTP request' }]),
      );
  }
}

function sendProblem(reply: FastifyReply, problem: ProblemDetails): void {
  void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

/**
 * Server options that make the answers Fastify and Node give on their own (a path parameter over
 * maxParamLength, bad percent-encoding, oversized headers, a request that never finished) problem+json like
 * every other error, instead of Fastify's plain JSON. Part of httpServerOptions.
 */
export function frameworkErrorOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: (error, _request, reply) => sendProblem(reply, frameworkProblem(error.code)),
    // Node's own parser failed (the request never reached Fastify's router): answer on the socket, as Fastify's
    // default handler does, then close it.
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) {
        const problem = frameworkProblem(error.code);
        const body = JSON.stringify(problem);
        socket.write(
          `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
  };
}
