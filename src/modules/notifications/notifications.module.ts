import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { NotificationsAdminController } from './admin/notifications-admin.controller.js';
import { NotificationsAdminService } from './admin/notifications-admin.service.js';
import { QueueDashboard } from './admin/queue-dashboard.js';
import { NotificationQueue } from './notification-queue.js';
import { NotificationsHealth } from './notifications-health.js';
import { NotificationPreferencesController } from './preferences/notification-preferences.controller.js';
import { NotificationPreferencesService } from './preferences/notification-preferences.service.js';

/** The HTTP side of notifications: preferences, the admin list and retry, the queue dashboard, health figures. */
@Module({
  imports: [AuthModule],
  controllers: [NotificationPreferencesController, NotificationsAdminController],
  providers: [
    NotificationQueue,
    NotificationPreferencesService,
    NotificationsAdminService,
    NotificationsHealth,
    QueueDashboard,
  ],
})
export class NotificationsModule {}
