import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.service.js';
import { StaffAuthGuard } from './staff-auth.guard.js';
import { StaffSessionsService } from './staff-sessions.service.js';

@Global()
@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { expiresIn: config.auth.jwtTtlMinutes * 60, issuer: 'candor' },
        verifyOptions: { issuer: 'candor' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottle, StaffSessionsService, { provide: APP_GUARD, useClass: StaffAuthGuard }],
  exports: [AuthService, StaffSessionsService, JwtModule],
})
export class AuthModule {}
