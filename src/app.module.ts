import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { AttemptsModule } from './attempts/attempts.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CandidateDataModule } from './candidate-data/candidate-data.module.js';
import { CandidateWebModule } from './candidate-web/candidate-web.module.js';
import { Clock, SystemClock } from './common/clock/clock.js';
import { ClockModule } from './common/clock/clock.module.js';
import { loggerParams } from './common/logging/logger-params.js';
import { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { InvitationsModule } from './invitations/invitations.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { UsersModule } from './users/users.module.js';
import { StaffAccountsModule } from './staff-accounts/staff-accounts.module.js';
import { WebAuthModule } from './web-auth/web-auth.module.js';
import { AssessmentPagesModule } from './assessment-pages/assessment-pages.module.js';
import { InvitationPagesModule } from './invitation-pages/invitation-pages.module.js';
import { AdminPagesModule } from './admin-pages/admin-pages.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { DeliveriesModule } from './deliveries/deliveries.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

export interface AppModuleOptions {
  /** Tests pass a controllable clock; the service uses the system clock. */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(),
        ClockModule.register(options.clock ?? new SystemClock()),
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams }),
        DatabaseModule,
        JobsModule,
        EventsModule,
        MailModule,
        AuthModule,
        UsersModule,
        StaffAccountsModule,
        HealthModule,
        ReviewsModule,
        MetricsModule,
        WebAuthModule,
        AssessmentsModule,
        InvitationsModule,
        IntegrationsModule,
        DeliveriesModule,
        WebhooksModule,
        AttemptsModule,
        CandidateWebModule,
        CandidateDataModule,
        AssessmentPagesModule,
        InvitationPagesModule,
        AdminPagesModule,
        PrivacyModule,
      ],
    };
  }
}
