import { Logger } from '@nestjs/common';
import pg from 'pg';

const RECONNECT_DELAY_MS = 1_000;

/**
 * Answers kept in memory until PostgreSQL says the data behind them changed: every change fires a NOTIFY on
 * `channel` (a statement trigger) and the cache of every instance is emptied. While the listening connection
 * is down nothing is cached, and no entry lives longer than `maxAgeMs` even if a notification were missed.
 * A load is remembered from the moment it starts, so a clear() after a commit also drops a load that began
 * before it (and may have read the old data).
 */
export class NotifiedCache {
  private readonly logger: Logger;
  private readonly entries = new Map<string, { value: Promise<unknown>; storedAt: number }>();
  private listener: pg.Client | undefined;
  private listening = false;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly maxAgeMs: number,
    name: string,
  ) {
    this.logger = new Logger(name);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }

  /** The cached answer for `key`, or the loader's (shared by concurrent callers, so a cold key loads once). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.listening) return load();
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.storedAt < this.maxAgeMs) return hit.value as Promise<T>;
    const value = load();
    const entry = { value, storedAt: Date.now() };
    this.entries.set(key, entry);
    // A failed load must not be remembered.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: this.channel });
    client.on('notification', () => this.clear());
    client.on('error', (error) => {
      this.logger.warn(
        { err: error.message },
        `${this.channel} listener lost; cache off until it reconnects`,
      );
      this.dropListener(client);
    });
    client.on('end', () => this.dropListener(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.listener = client;
      this.clear();
      this.listening = true;
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        `${this.channel} listener could not start; retrying`,
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
