import { Module } from '@nestjs/common';
import { DeliverablesModule } from '../deliverables/deliverables.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({ imports: [DeliverablesModule], controllers: [ReportsController], providers: [ReportsService] })
export class ReportingModule {}
