import { Module } from '@nestjs/common';
import { ProposalHistoryController } from '../audit/proposal-history.controller.js';
import { ProposalHistoryService } from '../audit/proposal-history.service.js';
import { ProposalCommentsController } from './comments/proposal-comments.controller.js';
import { ProposalCommentsService } from './comments/proposal-comments.service.js';
import { ProposalReadPolicy } from './proposal-read.policy.js';
import { ProposalQueriesController } from './queries/proposal-queries.controller.js';
import { ProposalListService } from './queries/proposal-list.service.js';
import { ProposalRevisionsController } from './revisions/proposal-revisions.controller.js';
import { ProposalRevisionsService } from './revisions/proposal-revisions.service.js';

/** Read side of proposals: lists and counts, revisions and their comparison, comments, history. */
@Module({
  controllers: [
    ProposalQueriesController,
    ProposalRevisionsController,
    ProposalCommentsController,
    ProposalHistoryController,
  ],
  providers: [
    ProposalReadPolicy,
    ProposalListService,
    ProposalRevisionsService,
    ProposalCommentsService,
    ProposalHistoryService,
  ],
  exports: [ProposalReadPolicy, ProposalListService],
})
export class ProposalReadModule {}
