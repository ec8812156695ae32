import { Module } from '@nestjs/common';
import { ProposalCatalogResolver } from './proposal-catalog.resolver.js';
import { ProposalSubmissionService } from './proposal-submission.service.js';
import { ProposalTransitionService } from './proposal-transition.service.js';
import { ProposalPolicy } from './proposal.policy.js';

/** The workflow core shared by the HTTP application and the worker: policy and transitions, no controllers. */
@Module({
  providers: [ProposalPolicy, ProposalCatalogResolver, ProposalSubmissionService, ProposalTransitionService],
  exports: [ProposalPolicy, ProposalCatalogResolver, ProposalTransitionService],
})
export class ProposalWorkflowModule {}
