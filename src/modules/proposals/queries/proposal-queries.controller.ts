import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user.js';
import { CurrentUser } from '../../auth/current-user.decorator.js';
import { ListProposalsQuery, ProposalFilterQuery } from './list-proposals.query.js';
import { ProposalListService, type ProposalCounts, type ProposalListPage } from './proposal-list.service.js';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/proposals')
export class ProposalQueriesController {
  constructor(private readonly proposals: ProposalListService) {}

  @Get()
  @ApiOperation({
    summary: 'Proposals the caller may see, filtered, sorted and keyset-paginated',
    description:
      'Each item says which workflow actions the caller may take now (allowedActions). Pass nextCursor as cursor for the next page.',
  })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListProposalsQuery): Promise<ProposalListPage> {
    return this.proposals.list(user, query);
  }

  @Get('counts')
  @ApiOperation({
    summary: 'Counts per state of the proposals the caller may see (a coordinator: their policy areas)',
  })
  @ApiOkResponse({ description: '{ total, byState, byPolicyArea: [{ code, total, byState }] }' })
  counts(@CurrentUser() user: AuthUser, @Query() query: ProposalFilterQuery): Promise<ProposalCounts> {
    return this.proposals.counts(user, query);
  }
}
