import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError, type FieldError } from '../../common/errors/app-error.js';

export interface PolicyAreaRef {
  id: string;
  code: string;
}

export interface CatalogRef {
  id: string;
  code: string;
  policyAreaId: string;
  retired: boolean;
}

/** The codes a proposal refers to, each with the field that named it (for error messages). */
export interface CodeReference {
  field: string;
  code: string;
}

/**
 * Turns the catalog codes of a request (policy area, actions, indicators) into ids. Unknown codes are an input
 * problem reported all at once; retired items are accepted in drafts and refused at submit (eligibility).
 */
@Injectable()
export class ProposalCatalogResolver {
  async policyArea(manager: EntityManager, code: string): Promise<PolicyAreaRef> {
    const rows = (await manager.query(
      `SELECT id, code FROM policy_areas WHERE code = $1 AND retired_at IS NULL`,
      [code.trim().toUpperCase()],
    )) as PolicyAreaRef[];
    const area = rows[0];
    if (!area) {
      throw AppError.unprocessable(
        'UNKNOWN_CATALOG_CODE',
        `There is no policy area with the code '${code}'`,
        [{ field: 'policyAreaCode', message: `There is no policy area with the code '${code}'` }],
      );
    }
    return area;
  }

  /** Actions and indicators of the policy area by code; throws 422 listing every unknown code. */
  async resolve(
    manager: EntityManager,
    policyAreaId: string,
    actions: readonly CodeReference[],
    indicators: readonly CodeReference[],
  ): Promise<{ actions: Map<string, CatalogRef>; indicators: Map<string, CatalogRef> }> {
    const actionRows = await this.lookup(manager, 'actions', policyAreaId, actions);
    const indicatorRows = await this.lookup(manager, 'indicators', policyAreaId, indicators);
    const errors: FieldError[] = [
      ...missing(actions, actionRows, 'action'),
      ...missing(indicators, indicatorRows, 'indicator'),
    ];
    if (errors.length > 0) {
      throw AppError.unprocessable(
        'UNKNOWN_CATALOG_CODE',
        `${errors.length} code${errors.length === 1 ? ' is' : 's are'} not in the policy area's action plan`,
        errors,
      );
    }
    return { actions: actionRows, indicators: indicatorRows };
  }

  private async lookup(
    manager: EntityManager,
    table: 'actions' | 'indicators',
    policyAreaId: string,
    references: readonly CodeReference[],
  ): Promise<Map<string, CatalogRef>> {
    if (references.length === 0) return new Map();
    const codes = [...new Set(references.map((reference) => reference.code))];
    const rows = (await manager.query(
      `SELECT id, code, policy_area_id AS "policyAreaId", retired_at IS NOT NULL AS retired
         FROM ${table} WHERE policy_area_id = $1 AND code = ANY($2::text[])`,
      [policyAreaId, codes],
    )) as CatalogRef[];
    return new Map(rows.map((row) => [row.code, row]));
  }
}

function missing(
  references: readonly CodeReference[],
  found: Map<string, CatalogRef>,
  what: string,
): FieldError[] {
  return references
    .filter((reference) => !found.has(reference.code))
    .map((reference) => ({
      field: reference.field,
      message: `There is no ${what} '${reference.code}' in this policy area's action plan`,
    }));
}
