import { Module } from '@nestjs/common';
import { CoreModule } from './core.module.js';

/** The worker: queues, schedules and the outbox relay; no HTTP. */
@Module({ imports: [CoreModule] })
export class WorkerModule {}
