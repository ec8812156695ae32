import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user.js';
import { CurrentUser } from '../../auth/current-user.decorator.js';
import { UpdateNotificationPreferencesDto } from '../dto/notification-preferences.dto.js';
import { NotificationPreferencesService, type PreferenceView } from './notification-preferences.service.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('api/me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @ApiOperation({
    summary: 'How the caller receives each kind of mail: immediately, in the daily digest, or not',
  })
  async list(@CurrentUser() user: AuthUser): Promise<{ preferences: PreferenceView[] }> {
    return { preferences: await this.preferences.list(user.id) };
  }

  @Put()
  @ApiOperation({
    summary: 'Change how the caller receives some kinds of mail (account mail cannot be turned off)',
  })
  async update(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdateNotificationPreferencesDto,
  ): Promise<{ preferences: PreferenceView[] }> {
    return { preferences: await this.preferences.update(user.id, body.preferences) };
  }
}
