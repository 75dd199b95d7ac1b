import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { AttemptsModule } from '../attempts/attempts.module.js';
import { CandidateAuthModule } from '../candidate-auth/candidate-auth.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { UsersModule } from '../users/users.module.js';
import { CandidateFeedbackController } from './candidate-feedback.controller.js';
import { CapacityForecastService } from './capacity-forecast.service.js';
import { FeedbackDeadlinesService } from './feedback-deadlines.service.js';
import { Feedback } from './feedback.entity.js';
import { FeedbackNotice } from './feedback-notice.entity.js';
import { Review } from './review.entity.js';
import { ReviewPageController } from './review-page.controller.js';
import { ReviewPagePresenter } from './review-page.presenter.js';
import { ReviewJobsScheduler } from './review-jobs.scheduler.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsProcessor } from './reviews.processor.js';
import { ReviewsRepository } from './reviews.repository.js';
import { ReviewsService } from './reviews.service.js';
import { ReviewClaimsService } from './review-claims.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Review, Feedback, FeedbackNotice]),
    UsersModule,
    AttemptsModule,
    AssessmentsModule,
    InvitationsModule,
    CandidateAuthModule,
  ],
  controllers: [ReviewsController, CandidateFeedbackController, ReviewPageController],
  providers: [
    ReviewsRepository,
    ReviewsService,
    ReviewClaimsService,
    ReviewPagePresenter,
    ReviewJobsScheduler,
    FeedbackDeadlinesService,
    CapacityForecastService,
    ReviewsProcessor,
  ],
  exports: [ReviewsService, ReviewClaimsService, CapacityForecastService],
})
export class ReviewsModule {}
