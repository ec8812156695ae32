import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { InviteUserDto } from './dto/invite-user.dto.js';
import { UsersService, type UserView } from './users.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/invitations')
export class InvitationsController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('coordinator')
  @ApiOperation({
    summary:
      'Invite someone by e-mail (single-use link, valid 7 days); coordinators only into their own policy area',
  })
  invite(@CurrentUser() actor: AuthUser, @Body() body: InviteUserDto): Promise<UserView> {
    return this.users.invite(actor, body);
  }
}
