import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ProblemDetailsFilter } from '../common/errors/problem-details.filter.js';
import { staffNav } from './staff-nav.js';
import { safeNext } from './web-session.js';

export const STAFF_ERROR_TEMPLATE = 'web-auth/staff-error.hbs';

/**
 * For server-rendered staff pages: no session sends the browser to /login (and back afterwards), a wrong
 * role or bad input gets a short HTML page instead of problem+json.
 */
@Catch()
export class StaffPageFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest & { staff?: StaffActor }>();
    const reply = http.getResponse<FastifyReply>();
    if (error instanceof DomainError && error.code === 'AUTH.UNAUTHENTICATED') {
      void reply.redirect(`/login?next=${encodeURIComponent(safeNext(request.url))}`, 303);
      return;
    }
    const problem = this.problems.toProblem(error);
    // A signed-in person who cannot open this page is offered the ones they can.
    const nav = request.staff ? staffNav(request.staff.role) : [];
    void reply.status(problem.status).header('cache-control', 'no-store').view(STAFF_ERROR_TEMPLATE, { problem, nav });
  }
}
