import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AdminPageController } from './admin-page.controller.js';
import { AdminPagePresenter } from './admin-page.presenter.js';

/**
 * The admin page (GET /admin): staff accounts, integration keys, webhooks, outbound deliveries, ATS error reports
 * and the audit trail (read by the page's script from the audit endpoint).
 */
@Module({
  imports: [UsersModule, IntegrationsModule, WebhooksModule, DeliveriesModule],
  controllers: [AdminPageController],
  providers: [AdminPagePresenter],
})
export class AdminPagesModule {}
