import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/staff-route.decorators.js';
import { CapacityForecastService, type CapacityForecastView } from '../reviews/capacity-forecast.service.js';
import { TurnaroundQueryDto } from './dto/turnaround-query.dto.js';
import { MetricsService, type TurnaroundReport } from './metrics.service.js';

@ApiTags('metrics')
@ApiBearerAuth()
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
  forecast(): Promise<CapacityForecastView> {
    return this.capacity.forecast();
  }

  @Get('turnaround')
  turnaround(@Query() query: TurnaroundQueryDto): Promise<TurnaroundReport> {
    return this.metrics.turnaround(query);
  }

  @Get('turnaround.csv')
  @ApiProduces('text/csv')
  @Header('cache-control', 'no-store')
  turnaroundCsv(@Query() query: TurnaroundQueryDto): StreamableFile {
    return new StreamableFile(this.metrics.csv(query), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="turnaround.csv"',
    });
  }
}
