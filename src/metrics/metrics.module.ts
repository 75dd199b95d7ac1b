import { Module } from '@nestjs/common';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardPresenter } from './dashboard.presenter.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsProcessor } from './metrics.processor.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

@Module({
  imports: [ReviewsModule],
  controllers: [MetricsController, DashboardController],
  providers: [MetricsRepository, MetricsService, MetricsProcessor, DashboardPresenter],
  // The assessments page shows each test's figures and its "too long" signal.
  exports: [MetricsService],
})
export class MetricsModule {}
