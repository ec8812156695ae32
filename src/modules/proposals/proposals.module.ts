import { Module } from '@nestjs/common';
import { ProposalDraftsService } from './proposal-drafts.service.js';
import { ProposalTransitionsUseCase } from './proposal-transitions.service.js';
import { ProposalViewService } from './proposal-view.service.js';
import { ProposalWorkflowModule } from './proposal-workflow.module.js';
import { ProposalsController } from './proposals.controller.js';
import { ReferenceCodeService } from './reference-code.service.js';

/** Drafting, reading and transitioning proposals over HTTP. */
@Module({
  imports: [ProposalWorkflowModule],
  controllers: [ProposalsController],
  providers: [ProposalDraftsService, ProposalViewService, ProposalTransitionsUseCase, ReferenceCodeService],
  exports: [ProposalWorkflowModule, ProposalViewService],
})
export class ProposalsModule {}
