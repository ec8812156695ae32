import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ChangePasswordDto } from '../auth/dto/change-password.dto.js';
import { UpdateMeDto } from './dto/update-me.dto.js';
import { UsersService, type UserView } from './users.service.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('api/me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The caller: account and active role grants' })
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.users.me(user);
  }

  @Patch()
  @ApiOperation({ summary: 'Change name, organisation, country or language' })
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateMeDto): Promise<UserView> {
    return this.users.updateMe(user, body);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change the password (needs the current one); ends every session' })
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user.id, body.currentPassword, body.newPassword);
  }
}
