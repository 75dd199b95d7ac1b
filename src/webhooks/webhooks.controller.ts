import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { DeliveryView } from '../deliveries/delivery.view.js';
import { CreateWebhookDto } from './dto/create-webhook.dto.js';
import { CreatedWebhook, WebhookView } from './webhook.view.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('admin')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Registers a URL for some events; the answer is the only time the signing secret is shown. */
  @Post()
  @ApiCreatedResponse({ type: CreatedWebhook })
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateWebhookDto): Promise<CreatedWebhook> {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: [WebhookView] })
  list(): Promise<WebhookView[]> {
    return this.webhooks.list();
  }

  /** Deletes a webhook: nothing more is sent to it. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  remove(@CurrentStaff() actor: StaffActor, @Param() { id }: IdParamDto): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  /** The webhook's newest deliveries (at most 100) with their state; each one's attempts at /api/v1/deliveries/:id. */
  @Get(':id/deliveries')
  @ApiOkResponse({ type: [DeliveryView] })
  @ApiProblems(404)
  deliveries(@Param() { id }: IdParamDto): Promise<DeliveryView[]> {
    return this.webhooks.deliveriesOf(id);
  }
}
