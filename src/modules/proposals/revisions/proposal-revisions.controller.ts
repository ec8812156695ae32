import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user.js';
import { CurrentUser } from '../../auth/current-user.decorator.js';
import { CompareRevisionsQuery } from './compare-revisions.query.js';
import {
  ProposalRevisionsService,
  type RevisionComparison,
  type RevisionSummary,
} from './proposal-revisions.service.js';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/proposals/:id/revisions')
export class ProposalRevisionsController {
  constructor(private readonly revisions: ProposalRevisionsService) {}

  @Get()
  @ApiOperation({ summary: 'Revisions frozen at each submit and resubmit, oldest first' })
  @ApiOkResponse({ description: '[{ number, submittedAt, submittedBy: { id, name } }]' })
  list(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<RevisionSummary[]> {
    return this.revisions.list(id, user);
  }

  @Get('compare')
  @ApiOperation({
    summary: 'Field-by-field comparison of two revisions',
    description:
      'changes: [{ path, change: added|removed|changed, before?, after? }]; partners are matched by organisation and country, deliverables by id or title, actions by code.',
  })
  @ApiUnprocessableEntityResponse({ description: 'from or to names a revision that does not exist' })
  compare(
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Query() query: CompareRevisionsQuery,
  ): Promise<RevisionComparison> {
    return this.revisions.compare(id, user, query.from, query.to);
  }
}
