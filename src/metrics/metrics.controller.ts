import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems } from '../common/http/api-problems.decorator.js';
import { CapacityForecastService } from '../reviews/capacity-forecast.service.js';
import { CapacityForecastView } from '../reviews/capacity-forecast.view.js';
import { TurnaroundQueryDto } from './dto/turnaround-query.dto.js';
import { MetricsService } from './metrics.service.js';
import { TurnaroundReport } from './turnaround-report.view.js';

@ApiTags('metrics')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('recruiter')
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly capacity: CapacityForecastService,
  ) {}

  /** Which pending feedback the team, at its recent pace, will send after its date (the capacity forecast). */
  @Get('forecast')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: CapacityForecastView })
  forecast(): Promise<CapacityForecastView> {
    return this.capacity.forecast();
  }

  /**
   * Feedback turnaround over the submissions in `[from, to)` (default: the last 30 days). 400 when `from` is not
   * before `to`, or the window spans more than 400 days.
   */
  @Get('turnaround')
  @ApiOkResponse({ type: TurnaroundReport })
  turnaround(@Query() query: TurnaroundQueryDto): Promise<TurnaroundReport> {
    return this.metrics.turnaround(query);
  }

  /** The same per submission: a header row, then one row each (durations in hours, two decimals). */
  @Get('turnaround.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'An attachment, `turnaround.csv`.',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @Header('cache-control', 'no-store')
  turnaroundCsv(@Query() query: TurnaroundQueryDto): StreamableFile {
    return new StreamableFile(this.metrics.csv(query), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="turnaround.csv"',
    });
  }
}
