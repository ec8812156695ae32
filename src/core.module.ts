import { Module } from '@nestjs/common';
import { RedisModule } from './common/redis/redis.module.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { OutboxModule } from './modules/outbox/outbox.module.js';

/** What both entry points need: configuration, database, Redis, audit and outbox. */
@Module({
  imports: [ConfigModule, DatabaseModule, RedisModule, AuditModule, OutboxModule],
  exports: [ConfigModule, DatabaseModule, RedisModule, AuditModule, OutboxModule],
})
export class CoreModule {}
