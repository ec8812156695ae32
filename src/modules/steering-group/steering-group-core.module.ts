import { Module } from '@nestjs/common';
import { ProposalWorkflowModule } from '../proposals/proposal-workflow.module.js';
import { ProcedureCloser } from './procedure-closer.service.js';
import { ProcedureDeadlineQueue } from './procedure-deadline.queue.js';

/** Closing procedures and scheduling their deadlines: shared by the HTTP application and the worker. */
@Module({
  imports: [ProposalWorkflowModule],
  providers: [ProcedureCloser, ProcedureDeadlineQueue],
  exports: [ProcedureCloser, ProcedureDeadlineQueue, ProposalWorkflowModule],
})
export class SteeringGroupCoreModule {}
