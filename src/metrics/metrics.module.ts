import { Module } from '@nestjs/common';
import { CandidateAuthModule } from '../candidate-auth/candidate-auth.module.js';
import { CandidateRatingsController } from './candidate-ratings.controller.js';
import { CandidateRatingsRepository } from './candidate-ratings.repository.js';
import { CandidateRatingsService } from './candidate-ratings.service.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardPresenter } from './dashboard.presenter.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsProcessor } from './metrics.processor.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

@Module({
  imports: [CandidateAuthModule],
  controllers: [MetricsController, DashboardController, CandidateRatingsController],
  providers: [MetricsRepository, MetricsService, MetricsProcessor, DashboardPresenter, CandidateRatingsRepository, CandidateRatingsService],
  // CandidateRatingsService: the candidate's page shows the stored rating instead of the form.
  exports: [MetricsService, CandidateRatingsService],
})
export class MetricsModule {}
