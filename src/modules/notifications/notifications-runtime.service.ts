import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { NotificationDeliveryProcessor } from './delivery/notification-delivery.processor.js';
import { OutboxRelay } from './relay/outbox-relay.service.js';
import { NotificationSchedulesProcessor } from './schedules/notification-schedules.processor.js';

/**
 * Starts the relay, the delivery worker and the schedules when the worker boots, and drains them on shutdown:
 * stop claiming outbox events first, then let in-flight deliveries finish (up to SHUTDOWN_TIMEOUT_MS).
 * Runs before the queue factory closes its connections (beforeApplicationShutdown).
 */
@Injectable()
export class NotificationsRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationsRuntime.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly relay: OutboxRelay,
    private readonly delivery: NotificationDeliveryProcessor,
    private readonly schedules: NotificationSchedulesProcessor,
  ) {}

  onApplicationBootstrap(): void {
    this.delivery.start();
    this.schedules.start();
    this.relay.start();
    this.logger.log(
      { capture: this.config.MAIL_CAPTURE, concurrency: this.config.MAIL_CONCURRENCY },
      'notifications running',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.SHUTDOWN_TIMEOUT_MS);
    });
    const drained = Promise.all([this.relay.stop(), this.delivery.stop(), this.schedules.stop()]).then(
      () => 'drained' as const,
    );
    const outcome = await Promise.race([drained, timeout]);
    clearTimeout(timer);
    // Jobs still running past the timeout are left to BullMQ's stalled-job recovery in another worker.
    this.logger.log({ outcome, ms: Date.now() - started }, 'notifications stopped');
  }
}
