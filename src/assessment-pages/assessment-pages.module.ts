import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { AssessmentPagesController } from './assessment-pages.controller.js';
import { AssessmentPagesPresenter } from './assessment-pages.presenter.js';

/** GET /assessments, /assessments/new, /assessments/:id and its candidate preview (recruiters). */
@Module({
  imports: [AssessmentsModule, MetricsModule],
  controllers: [AssessmentPagesController],
  providers: [AssessmentPagesPresenter],
})
export class AssessmentPagesModule {}
