import { Module } from '@nestjs/common';
import { MonitoringExportService } from './monitoring-export.service.js';
import { MonitoringController } from './monitoring.controller.js';
import { MonitoringService } from './monitoring.service.js';

@Module({
  controllers: [MonitoringController],
  providers: [MonitoringService, MonitoringExportService],
  exports: [MonitoringService],
})
export class MonitoringModule {}
