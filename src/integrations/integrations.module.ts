import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { AshbyController } from './ashby.controller.js';
import { AshbyService } from './ashby.service.js';
import { AtsCallbacksService } from './ats-callbacks.service.js';
import { GreenhouseController } from './greenhouse.controller.js';
import { GreenhouseService } from './greenhouse.service.js';
import { IntegrationKey, IntegrationLink } from './integration-key.entity.js';
import { IntegrationKeyGuard } from './integration-key.guard.js';
import { IntegrationKeysController } from './integration-keys.controller.js';
import { IntegrationKeysService } from './integration-keys.service.js';
import { IntegrationsService } from './integrations.service.js';
import { IntegrationRequestError } from './request-error.entity.js';
import { RequestErrorsController } from './request-errors.controller.js';
import { RequestErrorsService } from './request-errors.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([IntegrationKey, IntegrationLink, IntegrationRequestError]),
    AssessmentsModule,
    InvitationsModule,
    ReviewsModule,
    DeliveriesModule,
  ],
  controllers: [IntegrationKeysController, RequestErrorsController, GreenhouseController, AshbyController],
  providers: [
    IntegrationKeysService,
    IntegrationKeyGuard,
    IntegrationsService,
    RequestErrorsService,
    GreenhouseService,
    AshbyService,
    AtsCallbacksService,
  ],
  // The admin page lists the keys and the error reports.
  exports: [IntegrationKeysService, RequestErrorsService],
})
export class IntegrationsModule {}
