import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { type ErrorSpec } from '../errors/error-catalog.js';
import { ProblemDetails } from '../errors/problem-details.dto.js';

type ProblemStatus = ErrorSpec['status'] | 413 | 500;

const MEANING: Record<ProblemStatus, string> = {
  400: 'The request is not valid: `errors` names every refused field.',
  401: 'No valid credential was sent.',
  403: 'The credential is valid, but its role may not do this.',
  404: 'Not found, or not yours to see.',
  408: 'The request did not arrive in time.',
  409: 'Not possible in the current state.',
  410: 'Gone: expired or withdrawn.',
  413: 'The body is too large.',
  414: 'A part of the URL is too long.',
  415: 'The body must be JSON.',
  422: 'Understood, but the content does not meet the rules (`errors` says which).',
  429: 'Too many requests: wait for the Retry-After header.',
  431: 'The request headers are too large.',
  500: 'An error on our side.',
  503: 'Candor is busy or a dependency is down: retry after the Retry-After header.',
};

/**
 * The problem+json answers an operation (or every operation of a controller) may give, each with the
 * ProblemDetails schema, so the OpenAPI document declares errors as precisely as successes.
 */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: MEANING[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      }),
    ),
  );
}

/**
 * What any request can meet whatever its route (a slow or oversized request, a body that is not JSON, input that
 * fails validation, an overloaded service, an error on our side): on every API controller.
 */
export const ApiRequestProblems = (): MethodDecorator & ClassDecorator =>
  ApiProblems(400, 408, 413, 414, 415, 431, 500, 503);

/** The same for routes behind a staff or candidate credential, which may also be refused it. */
export const ApiAuthenticatedProblems = (): MethodDecorator & ClassDecorator =>
  ApiProblems(400, 401, 403, 408, 413, 414, 415, 431, 500, 503);
