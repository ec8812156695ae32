import { Body, Controller, Get, Headers, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { AssessmentDto } from './dto/assessment.dto.js';
import { AssignReviewersDto } from './dto/assign-reviewers.dto.js';
import { DeclarationDto } from './dto/declaration.dto.js';
import { ReviewsService, type AssignmentView, type ProposalReviewsView } from './reviews.service.js';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post('proposals/:id/reviews')
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Assign reviewers with due dates (coordinator); on a submitted proposal this starts the review',
    description:
      'The start_review transition. Reviewers must hold the reviewer role in the policy area. A reviewer whose ' +
      "organisation is the lead's or a partner's is recorded with a detected conflict and not asked to review.",
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The version last read (alternative to version)',
  })
  @ApiCreatedResponse({ description: 'Every assignment of the proposal with the averages' })
  @ApiConflictResponse({ description: 'PROPOSAL_VERSION_CONFLICT or PROPOSAL_INVALID_TRANSITION' })
  @ApiUnprocessableEntityResponse({ description: 'REVIEWERS_NOT_ASSIGNABLE, listing each problem by field' })
  async assign(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: AssignReviewersDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ProposalReviewsView> {
    const version = expectedVersion(dto.version, ifMatch);
    await this.reviews.assign(user, id, dto, version);
    return this.reviews.forProposal(user, id);
  }

  @Get('proposals/:id/reviews')
  @ApiOperation({
    summary:
      'Reviews of a proposal: everything with averages per criterion for coordinators and the steering group; a reviewer sees their own',
  })
  @ApiOkResponse({ description: 'Assignments, assessments and averages' })
  @ApiNotFoundResponse({ description: 'PROPOSAL_NOT_FOUND' })
  forProposal(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ProposalReviewsView> {
    return this.reviews.forProposal(user, id);
  }

  @Get('reviews/mine')
  @ApiOperation({ summary: "The caller's review assignments, open ones first, soonest due first" })
  @ApiOkResponse({ description: 'Assignments with the proposal title and summary and the allowed actions' })
  mine(@CurrentUser() user: AuthUser): Promise<unknown[]> {
    return this.reviews.mine(user);
  }

  @Post('reviews/:assignmentId/declaration')
  @ApiOperation({
    summary: 'Declare a conflict of interest, or its absence (the assigned reviewer)',
    description:
      'Until this declaration the reviewer sees only the title and summary. A conflict is also detected when the ' +
      "reviewer's organisation is the lead's or a partner's; either way the assessment is then blocked.",
  })
  @ApiCreatedResponse({ description: 'The assignment (state cleared or conflict)' })
  @ApiConflictResponse({ description: 'REVIEW_ALREADY_DECLARED or REVIEW_CLOSED' })
  @ApiNotFoundResponse({ description: 'REVIEW_NOT_FOUND: not your assignment' })
  declare(
    @CurrentUser() user: AuthUser,
    @Param('assignmentId') assignmentId: string,
    @Body() dto: DeclarationDto,
  ): Promise<AssignmentView> {
    return this.reviews.declare(user, assignmentId, dto);
  }

  @Post('reviews/:assignmentId/assessment')
  @ApiOperation({ summary: 'Assess the proposal: five criteria scored 1–5, a recommendation and a comment' })
  @ApiCreatedResponse({ description: 'The assignment with its assessment' })
  @ApiConflictResponse({
    description:
      'REVIEW_DECLARATION_REQUIRED, REVIEW_CONFLICT_OF_INTEREST, REVIEW_ALREADY_COMPLETED or REVIEW_CLOSED',
  })
  assess(
    @CurrentUser() user: AuthUser,
    @Param('assignmentId') assignmentId: string,
    @Body() dto: AssessmentDto,
  ): Promise<AssignmentView> {
    return this.reviews.assess(user, assignmentId, dto);
  }
}
