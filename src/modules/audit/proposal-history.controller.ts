import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ProposalHistoryQuery } from './proposal-history.query.js';
import { ProposalHistoryService, type HistoryPage } from './proposal-history.service.js';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/proposals/:id/history')
export class ProposalHistoryController {
  constructor(private readonly history: ProposalHistoryService) {}

  @Get()
  @ApiOperation({
    summary: 'Audit events of a proposal, newest first (keyset: pass nextCursor as cursor)',
    description:
      'The lead side sees state transitions with their notes, its own actions and shared comments; the secretariat sees every event with its data.',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ id, occurredAt, action, fromState, toState, note, actor, data? }], nextCursor }',
  })
  list(
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Query() query: ProposalHistoryQuery,
  ): Promise<HistoryPage> {
    return this.history.history(id, user, query.limit ?? 50, query.cursor);
  }
}
