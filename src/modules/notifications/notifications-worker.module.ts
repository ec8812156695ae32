import { Module } from '@nestjs/common';
import { MailTransport } from './delivery/mail-transport.js';
import { NotificationDeliveryProcessor } from './delivery/notification-delivery.processor.js';
import { NotificationQueue } from './notification-queue.js';
import { NotificationsRuntime } from './notifications-runtime.service.js';
import { OutboxRelay } from './relay/outbox-relay.service.js';
import { DigestService } from './schedules/digest.service.js';
import { NotificationSchedulesProcessor } from './schedules/notification-schedules.processor.js';
import { ReminderScanService } from './schedules/reminder-scan.service.js';

/** The worker side of notifications: outbox relay, delivery, digest and reminders. */
@Module({
  providers: [
    NotificationQueue,
    MailTransport,
    OutboxRelay,
    NotificationDeliveryProcessor,
    DigestService,
    ReminderScanService,
    NotificationSchedulesProcessor,
    NotificationsRuntime,
  ],
  exports: [
    OutboxRelay,
    NotificationDeliveryProcessor,
    DigestService,
    ReminderScanService,
    NotificationQueue,
  ],
})
export class NotificationsWorkerModule {}
