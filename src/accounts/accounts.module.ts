import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimitGuard } from '../common/rate-limit.guard.js';
import { MailModule } from '../mail/mail.module.js';
import { CsrfGuard } from '../web/csrf.guard.js';
import { AccessGuard } from './access.guard.js';
import { AccessService } from './access.service.js';
import { AuthToken } from './auth-token.entity.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { Invitation } from './invitation.entity.js';
import { StaffAssignment } from './staff-assignment.entity.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';
import { AuthPagesController } from './pages/auth-pages.controller.js';

/**
 * Users, sign-in tokens, invitations and staff assignments, the global guards that decide who may call a route, and
 * the access service that decides what a principal may do on one event, registration, session or list.
 * One AuthService for the whole app (it keeps the login-failure counters).
 */
@Module({
  imports: [TypeOrmModule.forFeature([User, AuthToken, Invitation, StaffAssignment]), MailModule],
  controllers: [AuthController, UsersController, AuthPagesController],
  providers: [
    AuthService,
    UsersService,
    AccessService,
    // Order matters: rate limits first, then who you are, then the CSRF check on form posts.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [AuthService, UsersService, AccessService],
})
export class AccountsModule {}
