import { Module } from '@nestjs/common';
import { DeliverablesController } from './deliverables.controller.js';
import { DeliverablesService } from './deliverables.service.js';
import { FlagshipAccessPolicy } from './flagship-access.policy.js';

@Module({
  controllers: [DeliverablesController],
  providers: [DeliverablesService, FlagshipAccessPolicy],
  exports: [FlagshipAccessPolicy],
})
export class DeliverablesModule {}
