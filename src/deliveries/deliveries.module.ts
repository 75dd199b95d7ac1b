import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveriesController } from './deliveries.controller.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveriesService } from './deliveries.service.js';
import { Delivery, DeliveryAttempt } from './delivery.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Delivery, DeliveryAttempt])],
  controllers: [DeliveriesController],
  providers: [DeliveriesRepository, DeliveriesService],
  // Webhooks and the ATS integrations write their deliveries and register how to send them.
  exports: [DeliveriesService],
})
export class DeliveriesModule {}
