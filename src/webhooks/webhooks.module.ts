import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { Webhook } from './webhook.entity.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Webhook]), DeliveriesModule],
  controllers: [WebhooksController],
  providers: [WebhooksService],
  // The admin page lists the webhooks.
  exports: [WebhooksService],
})
export class WebhooksModule {}
