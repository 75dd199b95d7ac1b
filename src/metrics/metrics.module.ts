import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { DashboardPresenter } from './dashboard.presenter.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

@Module({
  controllers: [MetricsController, DashboardController],
  providers: [MetricsRepository, MetricsService, DashboardPresenter],
  exports: [MetricsService],
})
export class MetricsModule {}
