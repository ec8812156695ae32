import { Module } from '@nestjs/common';
import { CoreModule } from './core.module.js';
import { NotificationsWorkerModule } from './modules/notifications/notifications-worker.module.js';
import { SteeringGroupWorkerModule } from './modules/steering-group/steering-group-worker.module.js';

/** The worker: queues, schedules and the outbox relay; no HTTP. */
@Module({ imports: [CoreModule, NotificationsWorkerModule, SteeringGroupWorkerModule] })
export class WorkerModule {}
