import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { expectedVersion } from '../../common/http/if-match.js';
import { CloseProcedureDto } from './dto/close-procedure.dto.js';
import { RecommendDto } from './dto/recommend.dto.js';
import { VoteDto } from './dto/vote.dto.js';
import { SteeringGroupService, type ProcedureView } from './steering-group.service.js';

@ApiTags('steering-group')
@ApiBearerAuth()
@Controller('api')
export class SteeringGroupController {
  constructor(private readonly steeringGroup: SteeringGroupService) {}

  @Post('proposals/:id/recommend')
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Recommend the proposal to the steering group (coordinator): a written procedure opens',
    description:
      'Needs at least one completed assessment. The procedure takes the policy area’s decision rule and quorum and ' +
      'counts its members now; it closes at the deadline (a delayed job), early when every member has voted, or by ' +
      'the chair.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The version last read (alternative to version)',
  })
  @ApiCreatedResponse({ description: 'The written procedure' })
  @ApiConflictResponse({ description: 'PROPOSAL_VERSION_CONFLICT or PROPOSAL_INVALID_TRANSITION' })
  @ApiUnprocessableEntityResponse({
    description: 'PROPOSAL_GUARD_FAILED (no assessment) or PROCEDURE_DEADLINE_INVALID',
  })
  async recommend(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: RecommendDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ProcedureView> {
    const version = expectedVersion(dto.version, ifMatch);
    const procedureId = await this.steeringGroup.recommend(user, id, dto, version);
    return this.steeringGroup.view(user, procedureId);
  }

  @Get('procedures/:id')
  @ApiOperation({
    summary:
      'A written procedure: votes and tally for members and coordinators; the lead sees the outcome once closed',
  })
  @ApiOkResponse({ description: 'The procedure as the caller may see it, with allowedActions (vote, close)' })
  @ApiNotFoundResponse({ description: 'PROCEDURE_NOT_FOUND' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ProcedureView> {
    return this.steeringGroup.view(user, id);
  }

  @Post('procedures/:id/votes')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Vote approve, object or abstain (members of the policy area’s steering group); a later vote replaces it',
  })
  @ApiOkResponse({ description: 'The procedure after the vote (closed if this was the last member to vote)' })
  @ApiForbiddenResponse({ description: 'PROCEDURE_VOTE_FORBIDDEN: not a member' })
  @ApiConflictResponse({ description: 'PROCEDURE_CLOSED' })
  async vote(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: VoteDto,
  ): Promise<ProcedureView> {
    await this.steeringGroup.vote(user, id, dto);
    return this.steeringGroup.view(user, id);
  }

  @Post('procedures/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the procedure now (the chair); the decision rule decides the outcome' })
  @ApiOkResponse({ description: 'The closed procedure' })
  @ApiConflictResponse({ description: 'PROCEDURE_CLOSED' })
  async close(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: CloseProcedureDto,
  ): Promise<ProcedureView> {
    await this.steeringGroup.closeByChair(user, id, dto.note ?? null);
    return this.steeringGroup.view(user, id);
  }
}
