import { Module } from '@nestjs/common';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { StaffAccountsController } from './staff-accounts.controller.js';
import { StaffAccountsService } from './staff-accounts.service.js';
import { UsersModule } from '../users/users.module.js';

/** Staff account administration: over users, auth (sessions, global) and reviews (claims). */
@Module({
  imports: [UsersModule, ReviewsModule],
  controllers: [StaffAccountsController],
  providers: [StaffAccountsService],
})
export class StaffAccountsModule {}
