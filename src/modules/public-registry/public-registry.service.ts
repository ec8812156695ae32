import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { SqlParams } from '../../common/database/sql-params.js';
import { decodeCursor, encodeCursor } from '../proposals/queries/keyset-cursor.js';
import { proposalFilterClauses, unknownCatalogCodes } from '../proposals/queries/proposal-list.service.js';
import { csvRow } from './csv.js';
import { PUBLIC_STATES, type PublicFlagshipFilterQuery, type PublicState } from './public-flagships.query.js';

export interface PublicFlagship {
  reference: string;
  title: string;
  acronym: string | null;
  state: PublicState;
  policyArea: { code: string; name: string };
  actions: Array<{ code: string; title: string }>;
  leadOrganisation: string | null;
  leadCountry: string | null;
  countries: string[];
  period: { start: string | null; end: string | null };
  approvedAt: string | null;
  deliverablesDelivered: { count: number; titles: string[] };
}

export interface PublicFlagshipDetail extends PublicFlagship {
  summary: string;
  partners: Array<{ organisation: string; country: string; role: string }>;
}

export interface PublicFlagshipPage {
  items: PublicFlagship[];
  nextCursor: string | null;
}

export interface FlagshipRow {
  id: string;
  item: PublicFlagshipDetail;
}

const CURSOR_SORT = 'reference';
const CSV_BATCH = 500;

/** The columns of the public item; only what the published registry shows, never internal data. */
const ITEM_SQL = `json_build_object(
    'reference', p.reference, 'title', p.title, 'acronym', p.acronym, 'state', p.state,
    'policyArea', json_build_object('code', pa.code, 'name', pa.name),
    'actions', (SELECT coalesce(json_agg(json_build_object('code', a.code, 'title', a.title) ORDER BY a.position), '[]')
                  FROM proposal_actions x JOIN actions a ON a.id = x.action_id WHERE x.proposal_id = p.id),
    'leadOrganisation', p.lead_organisation, 'leadCountry', p.lead_country, 'countries', p.countries,
    'period', json_build_object('start', p.period_start::text, 'end', p.period_end::text),
    'approvedAt', to_char(p.approved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'deliverablesDelivered', (SELECT json_build_object('count', count(*), 'titles', coalesce(json_agg(d.title ORDER BY d.position), '[]'))
                                FROM deliverables d WHERE d.proposal_id = p.id AND d.status = 'delivered')`;

const CSV_HEADER = [
  'reference',
  'title',
  'acronym',
  'state',
  'policy_area',
  'actions',
  'action_titles',
  'lead_organisation',
  'lead_country',
  'countries',
  'period_start',
  'period_end',
  'approved_at',
  'deliverables_delivered',
  'delivered_deliverable_titles',
];

/** One page of the public registry in reference order, after the (reference, id) position if given. */
export function buildPublicPageQuery(
  query: PublicFlagshipFilterQuery,
  limit: number,
  after: { key: string; id: string } | null,
): { sql: string; values: unknown[] } {
  const params = new SqlParams();
  const states = query.state?.length ? [...new Set(query.state)] : [...PUBLIC_STATES];
  const where = [`p.state = ANY(${params.add(states)}::text[])`, ...proposalFilterClauses(query, params)];
  if (after)
    where.push(`(p.reference, p.id) > (${params.add(after.key)}::text, ${params.add(after.id)}::uuid)`);
  const sql = `WITH page AS (
         SELECT p.id FROM proposals p
          WHERE ${where.join('\n    AND ')}
          ORDER BY p.reference, p.id
          LIMIT ${params.add(limit)}
       )
       SELECT p.id, ${ITEM_SQL}) AS item
         FROM page JOIN proposals p ON p.id = page.id JOIN policy_areas pa ON pa.id = p.policy_area_id
        ORDER BY p.reference, p.id`;
  return { sql, values: params.values };
}

/** The API's answer from rows fetched with one more than the page size. */
export function toPublicPage(rows: FlagshipRow[], limit: number): PublicFlagshipPage {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map((row) => withoutDetail(row.item)),
    nextCursor: rows.length > limit && last ? encodeCursor(CURSOR_SORT, last.item.reference, last.id) : null,
  };
}

/** The public registry: approved and completed flagships, without an account. */
@Injectable()
export class PublicRegistryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: PublicFlagshipFilterQuery, limit: number, cursor?: string): Promise<PublicFlagshipPage> {
    const after = cursor === undefined ? null : decodeCursor(cursor, CURSOR_SORT, 'text');
    const rows = await this.page(query, limit + 1, after);
    if (rows.length === 0) await this.explainEmpty(query);
    return toPublicPage(rows, limit);
  }

  async get(reference: string): Promise<PublicFlagshipDetail> {
    const rows = (await this.dataSource.query(
      `SELECT p.id, ${ITEM_SQL},
              'summary', p.summary,
              'partners', (SELECT coalesce(json_agg(json_build_object('organisation', e->>'organisation',
                                  'country', e->>'country', 'role', e->>'role')), '[]')
                             FROM jsonb_array_elements(p.partners) e)) AS item
         FROM proposals p JOIN policy_areas pa ON pa.id = p.policy_area_id
        WHERE p.reference = $1 AND p.state = ANY($2::text[])`,
      [reference.trim().toUpperCase(), [...PUBLIC_STATES]],
    )) as FlagshipRow[];
    const row = rows[0];
    if (!row) throw AppError.notFound(`Flagship ${reference}`, 'FLAGSHIP_NOT_FOUND');
    return row.item;
  }

  /**
   * Every matching flagship as CSV, fetched in keyset batches so memory stays flat however large the registry.
   * The filters are checked before the first byte is sent, so a bad filter still answers 400.
   */
  async csv(query: PublicFlagshipFilterQuery): Promise<Readable> {
    const first = await this.page(query, CSV_BATCH, null);
    if (first.length === 0) await this.explainEmpty(query);
    const fetchPage = (after: { key: string; id: string }): Promise<FlagshipRow[]> =>
      this.page(query, CSV_BATCH, after);
    async function* lines(): AsyncGenerator<string> {
      // A byte order mark lets spreadsheet programs read the UTF-8 names (ä, ö, ž, ł) correctly.
      yield `\ufeff${csvRow(CSV_HEADER)}`;
      let batch = first;
      while (batch.length > 0) {
        yield batch.map((row) => csvRow(toCsvValues(row.item))).join('');
        const last = batch[batch.length - 1];
        if (batch.length < CSV_BATCH || !last) break;
        batch = await fetchPage({ key: last.item.reference, id: last.id });
      }
    }
    return Readable.from(lines());
  }

  private async page(
    query: PublicFlagshipFilterQuery,
    limit: number,
    after: { key: string; id: string } | null,
  ): Promise<FlagshipRow[]> {
    const { sql, values } = buildPublicPageQuery(query, limit, after);
    return (await this.dataSource.query(sql, values)) as FlagshipRow[];
  }

  private async explainEmpty(query: PublicFlagshipFilterQuery): Promise<void> {
    const errors = await unknownCatalogCodes(this.dataSource, query);
    if (errors.length > 0) {
      throw AppError.badRequest('VALIDATION_FAILED', errors.map((error) => error.message).join('; '), errors);
    }
  }
}

function withoutDetail(item: PublicFlagshipDetail): PublicFlagship {
  const { summary: _summary, partners: _partners, ...rest } = item;
  return rest;
}

function toCsvValues(item: PublicFlagship): Array<string | number | null> {
  return [
    item.reference,
    item.title,
    item.acronym,
    item.state,
    item.policyArea.code,
    item.actions.map((action) => action.code).join('; '),
    item.actions.map((action) => action.title).join('; '),
    item.leadOrganisation,
    item.leadCountry,
    item.countries.join('; '),
    item.period.start,
    item.period.end,
    item.approvedAt,
    item.deliverablesDelivered.count,
    item.deliverablesDelivered.titles.join('; '),
  ];
}
