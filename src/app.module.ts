import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { CoreModule } from './core.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { HealthModule } from './modules/health/health.module.js';

/** The HTTP application: every capability's controllers. */
@Module({
  imports: [CoreModule, HealthModule, CatalogModule],
  providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
})
export class AppModule {}
