import { Module } from '@nestjs/common';
import { WebAuthController } from './web-auth.controller.js';
import { WebAuthService } from './web-auth.service.js';

/** Browser login and logout for staff pages (/dashboard, /review); AuthService comes from the global AuthModule. */
@Module({
  controllers: [WebAuthController],
  providers: [WebAuthService],
})
export class WebAuthModule {}
