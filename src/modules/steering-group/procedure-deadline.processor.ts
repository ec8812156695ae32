import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { QueueFactory } from '../../common/queue/queue-factory.js';
import { ProcedureCloser, type CloseResult } from './procedure-closer.service.js';
import {
  CLOSE_AT_DEADLINE_JOB,
  DEADLINE_SWEEP_JOB,
  PROCEDURE_DEADLINE_QUEUE,
  ProcedureDeadlineQueue,
  type CloseAtDeadlineData,
} from './procedure-deadline.queue.js';

export const SWEEP_EVERY_MS = 60_000;

/**
 * The worker side: closes procedures at their deadline. The delayed job per procedure is the fast path; the
 * sweep (at start and every minute) closes whatever a job missed, e.g. when Redis lost it or the worker was down
 * when the procedure opened. The closer is idempotent, so a procedure reached by both closes once.
 */
@Injectable()
export class ProcedureDeadlineProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProcedureDeadlineProcessor.name);
  private worker: Worker | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly queues: QueueFactory,
    private readonly deadlines: ProcedureDeadlineQueue,
    private readonly closer: ProcedureCloser,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = this.queues.worker(PROCEDURE_DEADLINE_QUEUE, (job: Job) => this.process(job), {
      concurrency: 4,
    });
    // Procedures whose deadline passed while no worker ran are closed now, before anything else.
    try {
      await this.closer.sweep();
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'start-up sweep failed',
      );
    }
    await this.installSweep();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.worker?.close();
  }

  async process(job: Job): Promise<CloseResult | number> {
    switch (job.name) {
      case CLOSE_AT_DEADLINE_JOB:
        return this.closer.closeAtDeadline((job.data as CloseAtDeadlineData).procedureId);
      case DEADLINE_SWEEP_JOB:
        return this.closer.sweep();
      default:
        throw new Error(`unknown job ${job.name} on ${PROCEDURE_DEADLINE_QUEUE}`);
    }
  }

  private async installSweep(): Promise<void> {
    try {
      await this.deadlines.queue.upsertJobScheduler(
        'procedure-deadline-sweep',
        { every: SWEEP_EVERY_MS },
        { name: DEADLINE_SWEEP_JOB, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'procedure deadline sweep not scheduled yet; retrying',
      );
      this.retryTimer = setTimeout(() => void this.installSweep(), 5000);
    }
  }
}
