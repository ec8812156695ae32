import { Module } from '@nestjs/common';
import { ProposalWorkflowModule } from '../proposals/proposal-workflow.module.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsService } from './reviews.service.js';

@Module({
  imports: [ProposalWorkflowModule],
  controllers: [ReviewsController],
  providers: [ReviewsService],
})
export class ReviewsModule {}
