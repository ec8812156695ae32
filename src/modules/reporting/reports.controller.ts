import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { CreateReportDto, PatchReportItemsDto, ReportTransitionDto } from './dto/report.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('api/flagships/:proposalId/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ summary: "A flagship's progress reports, newest period first" })
  list(@CurrentUser() user: AuthUser | undefined, @Param('proposalId') proposalId: string): Promise<unknown> {
    return this.reports.list(user, proposalId);
  }

  @Post()
  @ApiOperation({
    summary: 'Start the report of a period: a draft with one item per tracked deliverable (lead)',
  })
  create(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Body() dto: CreateReportDto,
  ): Promise<unknown> {
    return this.reports.create(user, proposalId, dto);
  }

  @Get(':reportId')
  @ApiOperation({ summary: 'One report with its items and the actions the caller may take' })
  get(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Param('reportId') reportId: string,
  ): Promise<unknown> {
    return this.reports.get(user, proposalId, reportId);
  }

  @Patch(':reportId/items')
  @ApiOperation({ summary: 'Fill in items of a draft or returned report (lead; version-checked)' })
  patchItems(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Param('reportId') reportId: string,
    @Body() dto: PatchReportItemsDto,
  ): Promise<unknown> {
    return this.reports.patchItems(user, proposalId, reportId, dto);
  }

  @Post(':reportId/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a draft report to the coordinators (lead)' })
  submit(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Param('reportId') reportId: string,
    @Body() dto: ReportTransitionDto,
  ): Promise<unknown> {
    return this.reports.transition(user, proposalId, reportId, 'submit', dto);
  }

  @Post(':reportId/resubmit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a returned report again (lead)' })
  resubmit(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Param('reportId') reportId: string,
    @Body() dto: ReportTransitionDto,
  ): Promise<unknown> {
    return this.reports.transition(user, proposalId, reportId, 'resubmit', dto);
  }

  @Post(':reportId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a submitted report: from now on it counts (coordinator)' })
  accept(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Param('reportId') reportId: string,
    @Body() dto: ReportTransitionDto,
  ): Promise<unknown> {
    return this.reports.transition(user, proposalId, reportId, 'accept', dto);
  }

  @Post(':reportId/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return a submitted report to the lead with a note (coordinator)' })
  return(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Param('reportId') reportId: string,
    @Body() dto: ReportTransitionDto,
  ): Promise<unknown> {
    return this.reports.transition(user, proposalId, reportId, 'return', dto);
  }
}
