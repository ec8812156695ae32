import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** Safety net: even if a change notification were missed, nothing stays stale longer than this. */
const MAX_AGE_MS = 60_000;
const RECONNECT_DELAY_MS = 1_000;

/**
 * Keeps catalog answers in memory. The catalog changes rarely (an import, a revised target) and every change
 * fires a PostgreSQL NOTIFY 'catalog_changed' (migration 1764000000001) that empties the cache of every instance.
 * While the listening connection is down, nothing is cached.
 */
@Injectable()
export class CatalogCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CatalogCache.name);
  private readonly entries = new Map<string, { value: Promise<unknown>; storedAt: number }>();
  private listener: pg.Client | undefined;
  private listening = false;
  private stopped = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }

  /** The cached answer for `key`, or the loader's (shared by concurrent callers, so a cold key queries once). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.listening) return load();
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.storedAt < MAX_AGE_MS) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { value, storedAt: Date.now() });
    // A failed load (e.g. not found) must not be remembered.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'catalog-cache',
    });
    client.on('notification', () => this.clear());
    client.on('error', (error) => {
      this.logger.warn({ err: error.message }, 'catalog change listener lost; cache off until it reconnects');
      this.dropListener(client);
    });
    client.on('end', () => this.dropListener(client));
    try {
      await client.connect();
      await client.query('LISTEN catalog_changed');
      this.listener = client;
      this.clear();
      this.listening = true;
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'catalog change listener could not start; retrying',
      );
      this.dropListener(client);
    }
  }

  private dropListener(client: pg.Client): void {
    if (this.listener === client || !this.listener) {
      this.listening = false;
      this.listener = undefined;
      this.clear();
    }
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (!this.stopped) setTimeout(() => void this.listen(), RECONNECT_DELAY_MS).unref();
  }
}
