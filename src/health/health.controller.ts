import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/staff-route.decorators.js';
import { ApiProblems } from '../common/http/api-problems.decorator.js';
import { HealthReport } from './health-report.view.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when the database and the queue backend answer, 503 naming the part that is down. */
  @Public()
  @Get()
  @ApiOkResponse({ type: HealthReport, description: 'Both answer: `status` is `ok`.' })
  @ApiServiceUnavailableResponse({
    type: HealthReport,
    description: 'The database or the queue backend is down: `status` is `error` and the part down says `down`.',
  })
  // A GET without a body: what any request can meet, less the body's 413 and 415 (and its 503 is the report).
  @ApiProblems(400, 408, 414, 431, 500)
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') void reply.status(503);
    return report;
  }
}
