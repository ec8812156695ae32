import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenService } from './access-token.service.js';
import { AccountTokenService } from './account-token.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { AuthUserLoader } from './auth-user.loader.js';
import { PasswordHasher } from './password-hasher.js';
import { RateLimiter } from './rate-limiter.js';
import { RefreshTokenService } from './refresh-token.service.js';

/** Sessions and the global guard: every route of the application needs a token unless it is @Public(). */
@Module({
  controllers: [AuthController],
  providers: [
    AccessTokenService,
    AccountTokenService,
    AuthService,
    AuthUserLoader,
    PasswordHasher,
    RateLimiter,
    RefreshTokenService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [
    AccessTokenService,
    AccountTokenService,
    AuthService,
    AuthUserLoader,
    PasswordHasher,
    RefreshTokenService,
  ],
})
export class AuthModule {}
