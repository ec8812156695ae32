import { Module } from '@nestjs/common';
import { CatalogCache } from './catalog-cache.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogService } from './catalog.service.js';

@Module({
  controllers: [CatalogController],
  providers: [CatalogService, CatalogCache],
  exports: [CatalogService],
})
export class CatalogModule {}
