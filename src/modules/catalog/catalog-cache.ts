import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { NotifiedCache } from '../../common/database/notified-cache.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** Safety net: even if a change notification were missed, nothing stays stale longer than this. */
const MAX_AGE_MS = 60_000;

/**
 * Keeps catalog answers in memory. The catalog changes rarely (an import, a revised target) and every change
 * fires a PostgreSQL NOTIFY 'catalog_changed' (migration 1764000000001) that empties the cache of every instance.
 */
@Injectable()
export class CatalogCache extends NotifiedCache implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.DATABASE_URL, 'catalog_changed', MAX_AGE_MS, CatalogCache.name);
  }

  async onModuleInit(): Promise<void> {
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}
