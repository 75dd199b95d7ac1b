import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminPageController } from './admin-page.controller.js';
import { AdminPagePresenter } from './admin-page.presenter.js';

/** The admin page (GET /admin): staff accounts, integration keys, ATS error reports. */
@Module({
  imports: [UsersModule, IntegrationsModule],
  controllers: [AdminPageController],
  providers: [AdminPagePresenter],
})
export class AdminPagesModule {}
