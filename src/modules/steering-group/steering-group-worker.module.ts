import { Module } from '@nestjs/common';
import { ProcedureDeadlineProcessor } from './procedure-deadline.processor.js';
import { SteeringGroupCoreModule } from './steering-group-core.module.js';

/** The worker's part of the steering group: the procedure deadline jobs and the overdue sweep. */
@Module({
  imports: [SteeringGroupCoreModule],
  providers: [ProcedureDeadlineProcessor],
})
export class SteeringGroupWorkerModule {}
