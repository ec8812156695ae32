import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { PublicFlagshipFilterQuery, PublicFlagshipsQuery } from './public-flagships.query.js';
import {
  PublicRegistryService,
  type PublicFlagshipDetail,
  type PublicFlagshipPage,
} from './public-registry.service.js';

@ApiTags('public registry')
@Public()
@Controller('api/public')
export class PublicRegistryController {
  constructor(private readonly registry: PublicRegistryService) {}

  @Get('flagships')
  @ApiOperation({
    summary: 'Approved and completed flagships, by reference, keyset-paginated (no account needed)',
  })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  list(@Query() query: PublicFlagshipsQuery): Promise<PublicFlagshipPage> {
    const { limit, cursor, ...filters } = query;
    return this.registry.list(filters, limit ?? 20, cursor);
  }

  @Get('flagships.csv')
  @ApiOperation({ summary: 'Every matching flagship as CSV (same filters as the list)' })
  @ApiProduces('text/csv')
  async csv(@Query() query: PublicFlagshipFilterQuery): Promise<StreamableFile> {
    return new StreamableFile(await this.registry.csv(query), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="flagships.csv"',
    });
  }

  @Get('flagships/:reference')
  @ApiOperation({ summary: 'One flagship by its reference, e.g. SECURE-2026-0007' })
  @ApiNotFoundResponse({ description: 'No approved or completed flagship has this reference' })
  get(@Param('reference') reference: string): Promise<PublicFlagshipDetail> {
    return this.registry.get(reference);
  }
}
