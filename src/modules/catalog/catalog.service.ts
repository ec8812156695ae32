import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { CatalogCache } from './catalog-cache.js';
import { CatalogSql } from './catalog.sql.js';

/** JSON text built by PostgreSQL, sent to the client as is. */
export type JsonText = string;

/** Read side of the catalog: each answer is one SQL statement that builds the JSON in PostgreSQL. */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  listPolicyAreas(): Promise<JsonText> {
    return this.text(CatalogSql.policyAreas, []);
  }

  async policyAreaTree(code: string, includeRetired: boolean): Promise<JsonText> {
    const tree = await this.text(CatalogSql.policyAreaTree, [code, includeRetired]);
    if (tree === undefined) throw AppError.notFound(`Policy area ${code}`);
    return tree;
  }

  async listActions(policyAreaCode: string, includeRetired: boolean): Promise<JsonText> {
    await this.requirePolicyArea(policyAreaCode);
    return this.text(CatalogSql.actions, [policyAreaCode, includeRetired, null]);
  }

  async getAction(policyAreaCode: string, code: string): Promise<JsonText> {
    return this.single(
      CatalogSql.actions,
      [policyAreaCode, true, code],
      `Action ${code} of ${policyAreaCode}`,
    );
  }

  async listIndicators(policyAreaCode: string, includeRetired: boolean): Promise<JsonText> {
    await this.requirePolicyArea(policyAreaCode);
    return this.text(CatalogSql.indicators, [policyAreaCode, includeRetired, null]);
  }

  async getIndicator(policyAreaCode: string, code: string): Promise<JsonText> {
    return this.single(
      CatalogSql.indicators,
      [policyAreaCode, true, code],
      `Indicator ${code} of ${policyAreaCode}`,
    );
  }

  private async requirePolicyArea(code: string): Promise<void> {
    const rows = (await this.dataSource.query('SELECT 1 FROM policy_areas WHERE code = $1', [
      code,
    ])) as unknown[];
    if (rows.length === 0) throw AppError.notFound(`Policy area ${code}`);
  }

  /** A lookup by code runs the list query filtered to that code: one element, or none. */
  private async single(sql: string, params: unknown[], what: string): Promise<JsonText> {
    const list = (await this.text(sql, params)) ?? '[]';
    // The array holds at most one element; strip the brackets rather than parse 1 KB of JSON.
    if (list === '[]') throw AppError.notFound(what);
    return list.slice(1, -1);
  }

  private text(sql: string, params: unknown[]): Promise<JsonText> {
    return this.cache.get(`${sql}\u0000${JSON.stringify(params)}`, async () => {
      const rows = (await this.dataSource.query(sql, params)) as Array<{ item: string }>;
      return rows[0]?.item as JsonText;
    });
  }
}
