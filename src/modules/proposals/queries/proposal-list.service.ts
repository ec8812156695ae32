import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../../../common/database/sql-params.js';
import { AppError } from '../../../common/errors/app-error.js';
import type { AuthUser } from '../../auth/auth-user.js';
import {
  availableActions,
  PROPOSAL_STATES,
  type ProposalAction,
  type ProposalState,
} from '../domain/proposal-state-machine.js';
import {
  readLevel,
  relationColumns,
  viewerOf,
  visibleProposalPredicate,
  type RelationRow,
  type Viewer,
} from '../proposal-visibility.js';
import { decodeCursor, encodeCursor, type CursorKeyKind } from './keyset-cursor.js';
import type { ListProposalsQuery, ProposalFilterQuery, ProposalSort } from './list-proposals.query.js';

export interface ProposalListItem {
  id: string;
  reference: string;
  title: string;
  acronym: string | null;
  state: ProposalState;
  policyArea: { code: string; name: string };
  actions: Array<{ code: string; title: string }>;
  leadOrganisation: string | null;
  leadCountry: string | null;
  countries: string[];
  updatedAt: string;
  allowedActions: ProposalAction[];
}

export interface ProposalListPage {
  items: ProposalListItem[];
  nextCursor: string | null;
}

export interface ProposalCounts {
  total: number;
  byState: Record<ProposalState, number>;
  byPolicyArea: Array<{ code: string; total: number; byState: Record<ProposalState, number> }>;
}

interface SortSpec {
  column: string;
  /** Text of the sort key as it goes into the cursor (timestamps in UTC with microseconds). */
  keyText: string;
  keyCast: string;
  direction: 'ASC' | 'DESC';
  kind: CursorKeyKind;
}

const utc = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const PROPOSAL_SORT_SPECS: Record<ProposalSort, SortSpec> = {
  updatedAt: {
    column: 'p.updated_at',
    keyText: utc('p.updated_at'),
    keyCast: 'timestamptz',
    direction: 'DESC',
    kind: 'timestamp',
  },
  createdAt: {
    column: 'p.created_at',
    keyText: utc('p.created_at'),
    keyCast: 'timestamptz',
    direction: 'DESC',
    kind: 'timestamp',
  },
  reference: {
    column: 'p.reference',
    keyText: 'p.reference',
    keyCast: 'text',
    direction: 'ASC',
    kind: 'text',
  },
  title: { column: 'p.title', keyText: 'p.title', keyCast: 'text', direction: 'ASC', kind: 'text' },
};

/** WHERE clauses for the filters shared by the list and the counts (the caller adds visibility). */
export function proposalFilterClauses(query: ProposalFilterQuery, params: SqlParams): string[] {
  const where: string[] = [];
  if (query.policyAreaCode !== undefined) {
    where.push(
      `p.policy_area_id = (SELECT id FROM policy_areas WHERE code = ${params.add(query.policyAreaCode)})`,
    );
  }
  if (query.actionCode !== undefined) {
    where.push(`p.id IN (SELECT x.proposal_id FROM proposal_actions x JOIN actions a ON a.id = x.action_id
                         WHERE a.code = ${params.add(query.actionCode)})`);
  }
  if (query.country !== undefined) where.push(`p.countries @> ARRAY[${params.add(query.country)}]::text[]`);
  if (query.q !== undefined) where.push(`p.search @@ websearch_to_tsquery('simple', ${params.add(query.q)})`);
  return where;
}

/** The statement of one page of the caller's list (the page is fetched with one row more than asked). */
export function buildProposalListQuery(
  viewer: Viewer,
  query: ListProposalsQuery,
): { sql: string; values: unknown[] } {
  const sortName = query.sort ?? 'updatedAt';
  const sort = PROPOSAL_SORT_SPECS[sortName];
  const limit = query.limit ?? 20;
  const params = new SqlParams();
  const where = [visibleProposalPredicate('p', viewer, params), ...proposalFilterClauses(query, params)];
  if (query.state?.length) where.push(`p.state = ANY(${params.add([...new Set(query.state)])}::text[])`);
  if (query.cursor !== undefined) {
    const position = decodeCursor(query.cursor, sortName, sort.kind);
    const comparison = sort.direction === 'DESC' ? '<' : '>';
    where.push(
      `(${sort.column}, p.id) ${comparison} (${params.add(position.key)}::${sort.keyCast}, ${params.add(position.id)}::uuid)`,
    );
  }
  const order = `${sort.column} ${sort.direction}, p.id ${sort.direction}`;
  const pageLimit = params.add(limit + 1);
  const sql = `
      WITH page AS (
        SELECT p.id FROM proposals p
         WHERE ${where.join('\n   AND ')}
         ORDER BY ${order}
         LIMIT ${pageLimit}
      )
      SELECT p.id, p.reference, p.title, p.acronym, p.state, p.lead_organisation, p.lead_country, p.countries,
             ${utc('p.updated_at')} AS updated_at, ${sort.keyText} AS sort_key,
             json_build_object('code', pa.code, 'name', pa.name) AS policy_area,
             (SELECT coalesce(json_agg(json_build_object('code', a.code, 'title', a.title) ORDER BY a.position), '[]')
                FROM proposal_actions x JOIN actions a ON a.id = x.action_id WHERE x.proposal_id = p.id) AS actions,
             CASE WHEN p.state = 'in_review'
                  THEN (SELECT count(*)::int FROM review_assignments ra
                         WHERE ra.proposal_id = p.id AND ra.state = 'completed') END AS completed_assessments,
             ${relationColumns('p', viewer, params)}
        FROM page JOIN proposals p ON p.id = page.id JOIN policy_areas pa ON pa.id = p.policy_area_id
       ORDER BY ${order}`;
  return { sql, values: params.values };
}

/** Turns the rows of buildProposalListQuery into the page the API answers. */
export function toProposalListPage(
  rows: ListRow[],
  viewer: Viewer,
  query: ListProposalsQuery,
): ProposalListPage {
  const sortName = query.sort ?? 'updatedAt';
  const limit = query.limit ?? 20;
  const visible = rows.slice(0, limit);
  const last = visible[visible.length - 1];
  return {
    items: visible.map((row) => toItem(row, viewer.isAdmin)),
    nextCursor: rows.length > limit && last ? encodeCursor(sortName, last.sort_key, last.id) : null,
  };
}

/**
 * Read side of proposals: the caller's list (keyset-paginated) and counts per state. Each answer is at most
 * two statements: the page of ids in the sort order, joined in the same statement to what an item shows.
 */
@Injectable()
export class ProposalListService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthUser, query: ListProposalsQuery): Promise<ProposalListPage> {
    const viewer = viewerOf(user);
    const { sql, values } = buildProposalListQuery(viewer, query);
    const rows = (await this.dataSource.query(sql, values)) as ListRow[];
    if (rows.length === 0) await this.explainEmpty(query);
    return toProposalListPage(rows, viewer, query);
  }

  /** Counts per state (and per policy area) of the proposals the caller may see, in one GROUP BY. */
  async counts(user: AuthUser, query: ProposalFilterQuery): Promise<ProposalCounts> {
    const viewer = viewerOf(user);
    const params = new SqlParams();
    const where = [visibleProposalPredicate('p', viewer, params), ...proposalFilterClauses(query, params)];
    const rows = (await this.dataSource.query(
      `SELECT pa.code, p.state, count(*)::int AS count
         FROM proposals p JOIN policy_areas pa ON pa.id = p.policy_area_id
        WHERE ${where.join('\n  AND ')}
        GROUP BY pa.code, p.state
        ORDER BY pa.code`,
      params.values,
    )) as Array<{ code: string; state: ProposalState; count: number }>;
    if (rows.length === 0) await this.explainEmpty(query);
    const byState = zeroCounts();
    const areas = new Map<string, { code: string; total: number; byState: Record<ProposalState, number> }>();
    let total = 0;
    for (const row of rows) {
      byState[row.state] += row.count;
      total += row.count;
      const area = areas.get(row.code) ?? { code: row.code, total: 0, byState: zeroCounts() };
      area.byState[row.state] += row.count;
      area.total += row.count;
      areas.set(row.code, area);
    }
    return { total, byState, byPolicyArea: [...areas.values()] };
  }

  /**
   * An empty answer is checked once more: an unknown policy area or action is a mistake in the request (400),
   * not "nothing found". Only empty answers pay for this look-up.
   */
  private async explainEmpty(query: ProposalFilterQuery): Promise<void> {
    const errors = await unknownCatalogCodes(this.dataSource, query);
    if (errors.length > 0) {
      throw AppError.badRequest('VALIDATION_FAILED', errors.map((error) => error.message).join('; '), errors);
    }
  }
}

/** Field errors for a policyAreaCode or actionCode that names nothing in the catalog. */
export async function unknownCatalogCodes(
  dataSource: DataSource,
  query: Pick<ProposalFilterQuery, 'policyAreaCode' | 'actionCode'>,
): Promise<Array<{ field: string; message: string }>> {
  if (query.policyAreaCode === undefined && query.actionCode === undefined) return [];
  const rows = (await dataSource.query(
    `SELECT ($1::text IS NULL OR EXISTS (SELECT 1 FROM policy_areas WHERE code = $1)) AS area_known,
            ($2::text IS NULL OR EXISTS (SELECT 1 FROM actions a JOIN policy_areas pa ON pa.id = a.policy_area_id
                                          WHERE a.code = $2 AND ($1::text IS NULL OR pa.code = $1))) AS action_known`,
    [query.policyAreaCode ?? null, query.actionCode ?? null],
  )) as Array<{ area_known: boolean; action_known: boolean }>;
  const errors: Array<{ field: string; message: string }> = [];
  if (!rows[0]?.area_known) {
    errors.push({
      field: 'policyAreaCode',
      message: `policyAreaCode: there is no policy area ${query.policyAreaCode}`,
    });
  } else if (!rows[0]?.action_known) {
    errors.push({ field: 'actionCode', message: `actionCode: there is no action ${query.actionCode}` });
  }
  return errors;
}

function zeroCounts(): Record<ProposalState, number> {
  return Object.fromEntries(PROPOSAL_STATES.map((state) => [state, 0])) as Record<ProposalState, number>;
}

export interface ListRow extends RelationRow {
  id: string;
  reference: string;
  title: string;
  acronym: string | null;
  state: ProposalState;
  lead_organisation: string | null;
  lead_country: string | null;
  countries: string[];
  updated_at: string;
  sort_key: string;
  policy_area: { code: string; name: string };
  actions: Array<{ code: string; title: string }>;
  completed_assessments: number | null;
}

function toItem(row: ListRow, isAdmin: boolean): ProposalListItem {
  const level = readLevel(row, { isAdmin });
  // A reviewer who has not yet declared the absence of a conflict sees the title, not who is behind it.
  const limited = level === 'summary';
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    acronym: row.acronym,
    state: row.state,
    policyArea: row.policy_area,
    actions: row.actions,
    leadOrganisation: limited ? null : row.lead_organisation,
    leadCountry: limited ? null : row.lead_country,
    countries: limited ? [] : row.countries,
    updatedAt: row.updated_at,
    allowedActions: availableActions(
      row.state,
      {
        isOwner: row.is_owner,
        isCoEditor: row.is_co_editor,
        isCoordinator: row.is_coordinator,
        isChair: row.is_chair,
        isSystem: false,
      },
      row.completed_assessments === null ? {} : { completedAssessments: row.completed_assessments },
    ),
  };
}
