import { Body, Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { AsOfQuery, MonitoringQuery, ReviseTargetDto } from './dto/monitoring.dto.js';
import { MonitoringExportService } from './monitoring-export.service.js';
import { MonitoringService, todayUtc } from './monitoring.service.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/monitoring')
export class MonitoringController {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly exports: MonitoringExportService,
  ) {}

  @Get('policy-areas/:code/indicators')
  @ApiOperation({
    summary: 'Indicator status of a policy area: per target, rolled up per section, action and policy area',
  })
  @ApiOkResponse({ description: 'IndicatorReport: policyArea, asOf, rollup, sections, actions, indicators' })
  async indicators(
    @CurrentUser() user: AuthUser | undefined,
    @Param('code') code: string,
    @Query() query: MonitoringQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const area = await this.monitoring.policyArea(user, code);
    void reply.type('application/json; charset=utf-8');
    return this.monitoring.indicatorsJson(area, query.asOf ?? todayUtc(), query.includeHistory ?? false);
  }

  @Get('policy-areas/:code/attention')
  @ApiOperation({
    summary: 'Late and soon-due deliverables and reports, missing reports, delivery per action',
  })
  async attention(
    @CurrentUser() user: AuthUser | undefined,
    @Param('code') code: string,
    @Query() query: AsOfQuery,
  ): Promise<unknown> {
    const area = await this.monitoring.policyArea(user, code);
    return this.monitoring.attention(area, query.asOf ?? todayUtc());
  }

  @Get('policy-areas/:code/export.csv')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'Indicator status as CSV (one row per target)' })
  async csv(
    @CurrentUser() user: AuthUser | undefined,
    @Param('code') code: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const area = await this.monitoring.policyArea(user, code);
    const asOf = query.asOf ?? todayUtc();
    void reply.header('Content-Disposition', `attachment; filename="${area.code}-indicators-${asOf}.csv"`);
    return this.exports.csv(area, asOf);
  }

  @Get('policy-areas/:code/export.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'Annual report workbook: sheets Indicators, Flagships, Deliverables' })
  async xlsx(
    @CurrentUser() user: AuthUser | undefined,
    @Param('code') code: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const area = await this.monitoring.policyArea(user, code);
    const asOf = query.asOf ?? todayUtc();
    void reply.header('Content-Disposition', `attachment; filename="${area.code}-monitoring-${asOf}.xlsx"`);
    return this.exports.xlsx(area, asOf);
  }

  @Post('indicators/:code/targets')
  @ApiOperation({
    summary: 'Add a revised target; the superseded one is retired and kept as history (coordinator)',
  })
  reviseTarget(
    @CurrentUser() user: AuthUser | undefined,
    @Param('code') code: string,
    @Body() dto: ReviseTargetDto,
  ): Promise<unknown> {
    return this.monitoring.reviseTarget(user, code, dto);
  }
}
