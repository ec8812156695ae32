import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { CatalogService, type JsonBody } from './catalog.service.js';
import { IncludeRetiredQuery } from './dto/include-retired.query.js';

/** The service hands over JSON text built by PostgreSQL. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

@ApiTags('catalog')
@Public()
@Controller('api/catalog/policy-areas')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Header('content-type', JSON_CONTENT_TYPE)
  @Get()
  @ApiOperation({ summary: 'Policy areas of every strategy, with counts of their actions and indicators' })
  @ApiOkResponse({ description: 'List of policy areas' })
  list(): Promise<JsonBody> {
    return this.catalog.listPolicyAreas();
  }

  @Header('content-type', JSON_CONTENT_TYPE)
  @Get(':code')
  @ApiOperation({
    summary: 'One policy area as a tree: sections → actions, objectives → indicators → targets',
  })
  tree(@Param('code') code: string, @Query() query: IncludeRetiredQuery): Promise<JsonBody> {
    return this.catalog.policyAreaTree(code, query.includeRetired ?? false);
  }

  @Header('content-type', JSON_CONTENT_TYPE)
  @Get(':code/actions')
  @ApiOperation({ summary: 'Actions of a policy area' })
  actions(@Param('code') code: string, @Query() query: IncludeRetiredQuery): Promise<JsonBody> {
    return this.catalog.listActions(code, query.includeRetired ?? false);
  }

  @Header('content-type', JSON_CONTENT_TYPE)
  @Get(':code/actions/:actionCode')
  @ApiOperation({ summary: 'One action by its code (e.g. C.1)' })
  action(@Param('code') code: string, @Param('actionCode') actionCode: string): Promise<JsonBody> {
    return this.catalog.getAction(code, actionCode);
  }

  @Header('content-type', JSON_CONTENT_TYPE)
  @Get(':code/indicators')
  @ApiOperation({ summary: 'Indicators of a policy area with baselines and targets' })
  indicators(@Param('code') code: string, @Query() query: IncludeRetiredQuery): Promise<JsonBody> {
    return this.catalog.listIndicators(code, query.includeRetired ?? false);
  }

  @Header('content-type', JSON_CONTENT_TYPE)
  @Get(':code/indicators/:indicatorCode')
  @ApiOperation({ summary: 'One indicator by its code (e.g. C.O4.I1)' })
  indicator(@Param('code') code: string, @Param('indicatorCode') indicatorCode: string): Promise<JsonBody> {
    return this.catalog.getIndicator(code, indicatorCode);
  }
}
