import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user.js';
import { CurrentUser } from '../../auth/current-user.decorator.js';
import { CreateCommentDto } from './create-comment.dto.js';
import { ProposalCommentsService, type CommentView } from './proposal-comments.service.js';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/proposals/:id/comments')
export class ProposalCommentsController {
  constructor(private readonly comments: ProposalCommentsService) {}

  @Get()
  @ApiOperation({ summary: 'Comments on a proposal, oldest first (the lead side sees shared ones only)' })
  @ApiOkResponse({ description: '[{ id, body, visibility, author: { id, name }, createdAt }]' })
  list(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<CommentView[]> {
    return this.comments.list(id, user);
  }

  @Post()
  @ApiOperation({
    summary: 'Comment on a proposal',
    description:
      'The lead and co-editors write shared comments; coordinators, assigned reviewers and steering group members write internal or shared ones. A shared comment notifies the other side.',
  })
  @ApiCreatedResponse({ description: 'The comment' })
  @ApiForbiddenResponse({ description: 'The caller may not write a comment of this visibility' })
  create(
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Body() body: CreateCommentDto,
  ): Promise<CommentView> {
    return this.comments.create(id, user, body);
  }
}
