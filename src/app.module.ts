import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { CoreModule } from './core.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { ProposalsModule } from './modules/proposals/proposals.module.js';
import { ReviewsModule } from './modules/reviews/reviews.module.js';
import { SteeringGroupModule } from './modules/steering-group/steering-group.module.js';
import { ProposalReadModule } from './modules/proposals/proposal-read.module.js';
import { PublicRegistryModule } from './modules/public-registry/public-registry.module.js';
import { DeliverablesModule } from './modules/deliverables/deliverables.module.js';
import { ReportingModule } from './modules/reporting/reporting.module.js';
import { MonitoringModule } from './modules/monitoring/monitoring.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';

/** The HTTP application: every capability's controllers. */
@Module({
  imports: [
    CoreModule,
    AuthModule,
    UsersModule,
    HealthModule,
    CatalogModule,
    ProposalsModule,
    ReviewsModule,
    SteeringGroupModule,
    ProposalReadModule,
    PublicRegistryModule,
    DeliverablesModule,
    ReportingModule,
    MonitoringModule,
    NotificationsModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
})
export class AppModule {}
