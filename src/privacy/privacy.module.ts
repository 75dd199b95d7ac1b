import { Module } from '@nestjs/common';
import { AttemptsModule } from '../attempts/attempts.module.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { InvitationsModule } from '../invitations/invitations.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { ErasureService } from './erasure.service.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyProcessor } from './privacy.processor.js';

/** Erasure and retention of candidates' data: each owning feature erases its part through its service. */
@Module({
  imports: [InvitationsModule, AttemptsModule, ReviewsModule, IntegrationsModule],
  controllers: [PrivacyController],
  providers: [ErasureService, PrivacyProcessor],
})
export class PrivacyModule {}
