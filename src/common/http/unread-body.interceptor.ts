import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyRequest } from 'fastify';
import { type Observable } from 'rxjs';
import { RequestValidationError } from '../errors/domain-error.js';
import { type FieldError } from '../errors/problem-details.dto.js';

/** A handler taking one of these reads the body; one taking the request or reply only reads its address or session. */
const READS_BODY = new Set<number>([RouteParamtypes.BODY, RouteParamtypes.RAW_BODY]);

/** Why a body sent to an endpoint that takes none is refused; nothing (or an empty object) is fine. */
export function unreadBodyErrors(body: unknown): FieldError[] {
  if (body === undefined || body === null || body === '') return [];
  if (typeof body === 'object' && !Array.isArray(body) && !ArrayBuffer.isView(body)) {
    return Object.keys(body).map((key) => ({ field: key, message: `property ${key} should not exist` }));
  }
  return [{ field: 'body', message: 'must be empty or an empty object: this endpoint takes no body' }];
}

/**
 * Endpoints without a body (start, submit, claim, publish, ...) never see one through the validation pipe, so a
 * field sent to them was silently ignored. Like an unknown field anywhere else, it is a 400 naming the field,
 * checked after the guards (a missing credential is still 401 first).
 */
@Injectable()
export class UnreadBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
        {}) as Record<string, unknown>;
      const readsBody = Object.keys(args).some((key) => READS_BODY.has(Number(key.split(':')[0])));
      if (!readsBody) {
        const errors = unreadBodyErrors(context.switchToHttp().getRequest<FastifyRequest>().body);
        if (errors.length > 0) throw new RequestValidationError(errors);
      }
    }
    return next.handle();
  }
}
