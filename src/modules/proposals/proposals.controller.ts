import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { AddCoEditorDto } from './dto/add-co-editor.dto.js';
import { CreateProposalDto } from './dto/create-proposal.dto.js';
import { TransitionDto } from './dto/transition.dto.js';
import { UpdateProposalDto } from './dto/update-proposal.dto.js';
import { ProposalDraftsService } from './proposal-drafts.service.js';
import { ProposalTransitionsUseCase, SIMPLE_TRANSITIONS } from './proposal-transitions.service.js';
import { ProposalViewService, type ProposalView } from './proposal-view.service.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The version last read (alternative to `version` in the body), e.g. "3"',
};

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/proposals')
export class ProposalsController {
  constructor(
    private readonly drafts: ProposalDraftsService,
    private readonly views: ProposalViewService,
    private readonly transitions: ProposalTransitionsUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Create a draft proposal; the caller becomes its lead (owner). A reference code is assigned at once.',
  })
  @ApiCreatedResponse({ description: 'The new draft, as GET /api/proposals/{id} returns it' })
  @ApiUnprocessableEntityResponse({
    description: 'UNKNOWN_CATALOG_CODE: a policy area, action or indicator code',
  })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateProposalDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    const id = await this.drafts.create(user, dto);
    return this.view(user, id, reply);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One proposal as the caller may see it, with allowedActions, permissions and counts',
    description:
      'access=lead: owner and co-editors (no internal data); access=secretariat: coordinators, cleared reviewers, ' +
      'steering group, admins; access=summary: a reviewer before declaring (or with) a conflict of interest sees ' +
      'title and summary only. The ETag header carries the version.',
  })
  @ApiOkResponse({ description: 'The proposal' })
  @ApiNotFoundResponse({ description: 'PROPOSAL_NOT_FOUND: no such proposal, or the caller may not see it' })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    return this.view(user, id, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit a draft (or a proposal back for changes); owner or co-editors, at the version last read',
    description:
      'Fields left out are unchanged; arrays replace the stored list; deliverables with an id are kept.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ description: 'The updated proposal' })
  @ApiConflictResponse({
    description: 'PROPOSAL_VERSION_CONFLICT (with currentVersion) or PROPOSAL_NOT_EDITABLE',
  })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: UpdateProposalDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    await this.drafts.update(user, id, dto, ifMatch);
    return this.view(user, id, reply);
  }

  @Post(':id/transitions/:action')
  @HttpCode(200)
  @ApiOperation({
    summary: `Apply a workflow action: ${SIMPLE_TRANSITIONS.join(', ')}`,
    description:
      'submit/resubmit check eligibility (422 PROPOSAL_NOT_ELIGIBLE lists every unmet item) and freeze a revision; ' +
      'request_changes, reject and revoke need a note. start_review is POST /api/proposals/{id}/reviews, recommend ' +
      'is POST /api/proposals/{id}/recommend, closing the procedure is POST /api/procedures/{id}/close.',
  })
  @ApiParam({ name: 'action', enum: SIMPLE_TRANSITIONS })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ description: 'The proposal after the transition' })
  @ApiConflictResponse({ description: 'PROPOSAL_VERSION_CONFLICT or PROPOSAL_INVALID_TRANSITION' })
  @ApiUnprocessableEntityResponse({ description: 'PROPOSAL_NOT_ELIGIBLE or PROPOSAL_GUARD_FAILED' })
  async transition(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() dto: TransitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    return withEtag(await this.transitions.run(user, id, action, dto, ifMatch), reply);
  }

  @Post(':id/co-editors')
  @ApiOperation({
    summary: 'Invite a co-editor by e-mail (lead only); linked to their account if they have one',
  })
  @ApiCreatedResponse({ description: 'The proposal with its co-editors' })
  @ApiConflictResponse({ description: 'CO_EDITOR_EXISTS' })
  async addCoEditor(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: AddCoEditorDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    await this.drafts.addCoEditor(user, id, dto);
    return this.view(user, id, reply);
  }

  @Delete(':id/co-editors/:coEditorId')
  @ApiOperation({ summary: 'Remove a co-editor (lead only)' })
  @ApiOkResponse({ description: 'The proposal with its co-editors' })
  async removeCoEditor(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('coEditorId') coEditorId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    await this.drafts.removeCoEditor(user, id, coEditorId);
    return this.view(user, id, reply);
  }

  private async view(user: AuthUser, id: string, reply: FastifyReply): Promise<ProposalView> {
    return withEtag(await this.views.get(user, id), reply);
  }
}

/** A full view carries its version as the ETag, for the caller's next If-Match. */
function withEtag(view: ProposalView, reply: FastifyReply): ProposalView {
  if ('version' in view) void reply.header('etag', `"${view.version}"`);
  return view;
}
