import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashIntegrationKey, type IntegrationProvider } from './integration-key.entity.js';
import { IntegrationUnauthorizedError } from './integration.errors.js';
import { IntegrationKeysService } from './integration-keys.service.js';

const PROVIDER = 'candor:integration-provider';

/** Which provider's keys a controller accepts (a Greenhouse key cannot call Ashby's endpoints). */
export const IntegrationProviderRoute = (provider: IntegrationProvider): ClassDecorator =>
  SetMetadata(PROVIDER, provider);

export interface IntegrationActor {
  keyId: string;
  provider: IntegrationProvider;
  /** The key as the ATS sent it: Greenhouse's completion PATCH must carry it back (sealed when stored, never logged). */
  key: string;
}

type IntegrationRequest = FastifyRequest & { integration?: IntegrationActor };

/**
 * ATS calls authenticate the way Greenhouse and Ashby send them: HTTP Basic with the key as the user name
 * and an empty password. Checked against the database on every call, so a revoked key stops at once.
 */
@Injectable()
export class IntegrationKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IntegrationKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<IntegrationRequest>();
    const provider = this.reflector.get<IntegrationProvider>(PROVIDER, context.getClass());
    const key = basicUser(request.headers.authorization);
    const found = key ? await this.keys.findActive(hashIntegrationKey(key), provider) : null;
    if (!found || !key) {
      void http.getResponse<FastifyReply>().header('www-authenticate', 'Basic realm="candor"');
      throw new IntegrationUnauthorizedError();
    }
    await this.keys.recordCall(found, callName(request, context));
    request.integration = { keyId: found.id, provider, key };
    return true;
  }
}

export const CurrentIntegration = createParamDecorator((_: unknown, ctx: ExecutionContext): IntegrationActor => {
  const request = ctx.switchToHttp().getRequest<IntegrationRequest>();
  if (!request.integration) throw new Error('CurrentIntegration used without IntegrationKeyGuard');
  return request.integration;
});

/** The route's own name (`send_test`, `assessment.start`): from its path pattern, so no value the ATS sent. */
function callName(request: FastifyRequest, context: ExecutionContext): string {
  const route = request.routeOptions.url ?? '';
  return route.slice(route.lastIndexOf('/') + 1) || context.getHandler().name;
}

function basicUser(header: string | undefined): string | null {
  const [scheme, encoded] = header?.split(' ') ?? [];
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user ? user : null;
}
