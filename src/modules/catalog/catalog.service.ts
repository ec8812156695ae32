import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { CatalogSql } from './catalog.sql.js';

/** Read side of the catalog: each answer is one SQL statement that builds the JSON in PostgreSQL. */
@Injectable()
export class CatalogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listPolicyAreas(): Promise<unknown[]> {
    const rows = (await this.dataSource.query(CatalogSql.policyAreas)) as Array<{ item: unknown }>;
    return rows.map((row) => row.item);
  }

  async policyAreaTree(code: string, includeRetired: boolean): Promise<unknown> {
    return this.one(CatalogSql.policyAreaTree, [code, includeRetired], `Policy area ${code}`);
  }

  async listActions(policyAreaCode: string, includeRetired: boolean): Promise<unknown[]> {
    await this.requirePolicyArea(policyAreaCode);
    const rows = (await this.dataSource.query(CatalogSql.actions, [
      policyAreaCode,
      includeRetired,
      null,
    ])) as Array<{
      item: unknown;
    }>;
    return rows.map((row) => row.item);
  }

  async getAction(policyAreaCode: string, code: string): Promise<unknown> {
    return this.one(CatalogSql.actions, [policyAreaCode, true, code], `Action ${code} of ${policyAreaCode}`);
  }

  async listIndicators(policyAreaCode: string, includeRetired: boolean): Promise<unknown[]> {
    await this.requirePolicyArea(policyAreaCode);
    const rows = (await this.dataSource.query(CatalogSql.indicators, [
      policyAreaCode,
      includeRetired,
      null,
    ])) as Array<{
      item: unknown;
    }>;
    return rows.map((row) => row.item);
  }

  async getIndicator(policyAreaCode: string, code: string): Promise<unknown> {
    return this.one(
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

  private async one(sql: string, params: unknown[], what: string): Promise<unknown> {
    const rows = (await this.dataSource.query(sql, params)) as Array<{ item: unknown }>;
    const row = rows[0];
    if (!row || row.item === null) throw AppError.notFound(what);
    return row.item;
  }
}
