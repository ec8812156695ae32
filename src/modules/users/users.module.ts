import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AdminUsersController } from './admin-users.controller.js';
import { InvitationsController } from './invitations.controller.js';
import { MeController } from './me.controller.js';
import { RoleGrantService } from './role-grant.service.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuthModule],
  controllers: [MeController, AdminUsersController, InvitationsController],
  providers: [UsersService, RoleGrantService],
  exports: [UsersService, RoleGrantService],
})
export class UsersModule {}
