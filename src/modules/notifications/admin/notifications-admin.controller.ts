import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator.js';
import { ListNotificationsQuery } from '../dto/list-notifications.query.js';
import { NotificationsAdminService, type NotificationAdminView } from './notifications-admin.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/notifications')
export class NotificationsAdminController {
  constructor(private readonly admin: NotificationsAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'Notifications, newest change first; ?status=failed lists failures with their error',
  })
  list(@Query() query: ListNotificationsQuery): ReturnType<NotificationsAdminService['list']> {
    return this.admin.list(query.status, query.limit ?? 50, query.after);
  }

  @Post('retry-failed')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send every failed notification again' })
  retryFailed(): Promise<{ retried: number }> {
    return this.admin.retryFailed();
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send one failed notification again' })
  retry(@Param('id', new ParseUUIDPipe()) id: string): Promise<NotificationAdminView> {
    return this.admin.retry(id);
  }
}
