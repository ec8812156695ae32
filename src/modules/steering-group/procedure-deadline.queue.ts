import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueFactory } from '../../common/queue/queue-factory.js';

export const PROCEDURE_DEADLINE_QUEUE = 'procedure-deadlines';
export const CLOSE_AT_DEADLINE_JOB = 'close-at-deadline';
export const DEADLINE_SWEEP_JOB = 'deadline-sweep';

export interface CloseAtDeadlineData {
  procedureId: string;
}

/** Job ids may not contain ':'; one job per procedure, so scheduling twice is harmless. */
export function deadlineJobId(procedureId: string): string {
  return `procedure-${procedureId}`;
}

/** Producer side of the procedure deadlines: a delayed job per open procedure. */
@Injectable()
export class ProcedureDeadlineQueue {
  private readonly logger = new Logger(ProcedureDeadlineQueue.name);

  constructor(private readonly queues: QueueFactory) {}

  get queue(): Queue {
    return this.queues.queue(PROCEDURE_DEADLINE_QUEUE);
  }

  /**
   * Called after the procedure has committed. If Redis is unreachable the procedure still closes: the worker's
   * sweep closes every open procedure whose deadline has passed.
   */
  async schedule(procedureId: string, deadline: Date): Promise<boolean> {
    const delay = Math.max(0, deadline.getTime() - Date.now());
    try {
      await this.queue.add(CLOSE_AT_DEADLINE_JOB, { procedureId } satisfies CloseAtDeadlineData, {
        jobId: deadlineJobId(procedureId),
        delay,
        attempts: 8,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      });
      this.logger.log(
        { procedureId, deadline: deadline.toISOString(), delayMs: delay },
        'procedure deadline scheduled',
      );
      return true;
    } catch (error) {
      this.logger.warn(
        { procedureId, err: error instanceof Error ? error.message : String(error) },
        'procedure deadline not scheduled; the deadline sweep will close it',
      );
      return false;
    }
  }
}
