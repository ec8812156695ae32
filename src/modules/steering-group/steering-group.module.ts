import { Module } from '@nestjs/common';
import { SteeringGroupCoreModule } from './steering-group-core.module.js';
import { SteeringGroupController } from './steering-group.controller.js';
import { SteeringGroupService } from './steering-group.service.js';

@Module({
  imports: [SteeringGroupCoreModule],
  controllers: [SteeringGroupController],
  providers: [SteeringGroupService],
})
export class SteeringGroupModule {}
