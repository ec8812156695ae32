import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { GrantRoleDto } from './dto/grant-role.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import type { GrantView } from './role-grant.service.js';
import { UsersService, type AdminUserView, type UserPage } from './users.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users, newest first, filtered by text, role or policy area (keyset pages)' })
  list(@Query() query: ListUsersQuery): Promise<UserPage> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user with active grants' })
  get(@Param('id') id: string): Promise<AdminUserView> {
    return this.users.get(id);
  }

  @Post(':id/grants')
  @ApiOperation({ summary: 'Grant a role in a policy area (admin: global); one chair per policy area' })
  grant(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: GrantRoleDto,
  ): Promise<GrantView> {
    return this.users.grant(actor, id, body);
  }

  @Delete(':id/grants/:grantId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a grant (kept with its revocation time)' })
  async revoke(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Param('grantId') grantId: string,
  ): Promise<void> {
    await this.users.revokeGrant(actor, id, grantId);
  }

  @Post(':id/deactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Deactivate: the user cannot log in and their tokens stop working at once' })
  deactivate(@CurrentUser() actor: AuthUser, @Param('id') id: string): Promise<AdminUserView> {
    return this.users.setActive(actor, id, false);
  }

  @Post(':id/reactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reactivate a deactivated user' })
  reactivate(@CurrentUser() actor: AuthUser, @Param('id') id: string): Promise<AdminUserView> {
    return this.users.setActive(actor, id, true);
  }
}
