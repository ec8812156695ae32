import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { CatalogCache } from './catalog-cache.js';
import { CatalogSql } from './catalog.sql.js';

/** A JSON response body built by PostgreSQL, encoded once and sent as is. */
export type JsonBody = Buffer;

/**
 * Read side of the catalog: each answer is one SQL statement that builds the JSON in PostgreSQL; the encoded
 * answer (or its absence) is cached until the catalog changes (see CatalogCache).
 */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  async listPolicyAreas(): Promise<JsonBody> {
    return (await this.answer('policyAreas', [])) ?? Buffer.from('[]');
  }

  async policyAreaTree(code: string, includeRetired: boolean): Promise<JsonBody> {
    return this.found(await this.answer('policyAreaTree', [code, includeRetired]), `Policy area ${code}`);
  }

  async listActions(policyAreaCode: string, includeRetired: boolean): Promise<JsonBody> {
    await this.requirePolicyArea(policyAreaCode);
    return this.found(await this.answer('actions', [policyAreaCode, includeRetired, null]), 'Actions');
  }

  async getAction(policyAreaCode: string, code: string): Promise<JsonBody> {
    const action = await this.answer('actions', [policyAreaCode, true, code], { single: true });
    return this.found(action, `Action ${code} of ${policyAreaCode}`);
  }

  async listIndicators(policyAreaCode: string, includeRetired: boolean): Promise<JsonBody> {
    await this.requirePolicyArea(policyAreaCode);
    return this.found(await this.answer('indicators', [policyAreaCode, includeRetired, null]), 'Indicators');
  }

  async getIndicator(policyAreaCode: string, code: string): Promise<JsonBody> {
    const indicator = await this.answer('indicators', [policyAreaCode, true, code], {
      single: true,
    });
    return this.found(indicator, `Indicator ${code} of ${policyAreaCode}`);
  }

  private async requirePolicyArea(code: string): Promise<void> {
    const exists = await this.cache.get(`policy-area-exists\u0000${code}`, async () => {
      const rows = (await this.dataSource.query('SELECT 1 FROM policy_areas WHERE code = $1', [
        code,
      ])) as unknown[];
      return rows.length > 0;
    });
    if (!exists) throw AppError.notFound(`Policy area ${code}`);
  }

  private found(body: JsonBody | null, what: string): JsonBody {
    if (body === null) throw AppError.notFound(what);
    return body;
  }

  /**
   * The query's JSON text, encoded; null when there is none. With `single`, the query's array holds at most
   * one element, which is returned without its brackets (no need to parse the JSON for that).
   */
  private answer(
    query: keyof typeof CatalogSql,
    params: unknown[],
    options: { single?: boolean } = {},
  ): Promise<JsonBody | null> {
    // Keyed by the query's name, not its text: the key is built on every request.
    return this.cache.get(`${query}\u0000${JSON.stringify(params)}`, async () => {
      const rows = (await this.dataSource.query(CatalogSql[query], params)) as Array<{ item: string | null }>;
      const text = rows[0]?.item ?? null;
      if (text === null || (options.single && text === '[]')) return null;
      return Buffer.from(options.single ? text.slice(1, -1) : text);
    });
  }
}
