import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RedisClient } from '../../common/redis/redis.module.js';

export interface CheckResult {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: { postgres: CheckResult; redis: CheckResult };
  details: Record<string, unknown>;
}

/** A check that takes longer than this counts as down: a readiness probe must answer quickly. */
const CHECK_TIMEOUT_MS = 1500;

@Injectable()
export class HealthService {
  /** Other modules (notifications) add their figures to the readiness details. */
  private readonly detailProviders: Array<() => Promise<Record<string, unknown>>> = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisClient,
  ) {}

  addDetails(provider: () => Promise<Record<string, unknown>>): void {
    this.detailProviders.push(provider);
  }

  async readiness(): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.redis.redis.ping()),
    ]);
    const details: Record<string, unknown> = {};
    for (const provider of this.detailProviders) {
      try {
        Object.assign(details, await withTimeout(provider()));
      } catch (error) {
        details.detailsError = error instanceof Error ? error.message : String(error);
      }
    }
    return {
      status: postgres.status === 'up' && redis.status === 'up' ? 'ok' : 'unavailable',
      checks: { postgres, redis },
      details,
    };
  }
}

async function check(probe: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withTimeout(probe());
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
