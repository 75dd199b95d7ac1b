import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { DomainEvent } from './event.entity.js';
import { EventsService } from './events.service.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([DomainEvent])],
  // The audit endpoint: admins read the trail every feature appends to through EventsService.
  controllers: [AuditController],
  providers: [EventsService, AuditService],
  exports: [EventsService],
})
export class EventsModule {}
