import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryDetailView, DeliveryView } from './delivery.view.js';
import { ListDeliveriesQueryDto } from './dto/list-deliveries-query.dto.js';

const DEFAULT_LIMIT = 100;

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('admin')
@Controller('api/v1/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  /** Every outbound call (webhooks, Greenhouse and Ashby callbacks), newest first, with its state. */
  @Get()
  @ApiOkResponse({ type: [DeliveryView] })
  list(@Query() query: ListDeliveriesQueryDto): Promise<DeliveryView[]> {
    return this.deliveries.list({ target: query.target, status: query.status, limit: query.limit ?? DEFAULT_LIMIT });
  }

  /** One delivery with every attempt: when, the status code or the error, and how long it took. */
  @Get(':id')
  @ApiOkResponse({ type: DeliveryDetailView })
  @ApiProblems(404)
  detail(@Param() { id }: IdParamDto): Promise<DeliveryDetailView> {
    return this.deliveries.detail(id);
  }
}
