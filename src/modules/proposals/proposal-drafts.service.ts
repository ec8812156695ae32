import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { updateResult } from '../../common/database/update-result.js';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { expectedVersion } from '../../common/http/if-match.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import type { AddCoEditorDto } from './dto/add-co-editor.dto.js';
import type { CreateProposalDto } from './dto/create-proposal.dto.js';
import type { ProposalFieldsDto } from './dto/proposal-fields.dto.js';
import type { UpdateProposalDto } from './dto/update-proposal.dto.js';
import { Proposal, type Partner } from './entities/proposal.entity.js';
import { ProposalCatalogResolver, type CatalogRef, type CodeReference } from './proposal-catalog.resolver.js';
import { ProposalPolicy, isUuid } from './proposal.policy.js';
import { versionConflict } from './proposal-transition.service.js';
import { ReferenceCodeService } from './reference-code.service.js';

/** Column values derived from the request's plain fields (arrays of codes are handled separately). */
type ColumnValues = Partial<
  Pick<
    Proposal,
    | 'title'
    | 'acronym'
    | 'summary'
    | 'leadOrganisation'
    | 'leadCountry'
    | 'partners'
    | 'countries'
    | 'periodStart'
    | 'periodEnd'
    | 'budgetEur'
    | 'fundingSources'
    | 'indicatorContributions'
  >
>;

interface ResolvedCodes {
  actions: Map<string, CatalogRef>;
  indicators: Map<string, CatalogRef>;
}

/** Creating and editing drafts, and managing co-editors. Plain CRUD with version checks; no state changes. */
@Injectable()
export class ProposalDraftsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: ProposalPolicy,
    private readonly catalog: ProposalCatalogResolver,
    private readonly references: ReferenceCodeService,
    private readonly audit: AuditService,
  ) {}

  /** Creates a draft owned by the caller; returns its id. */
  async create(user: AuthUser, dto: CreateProposalDto): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const area = await this.catalog.policyArea(manager, dto.policyAreaCode);
      const codes = await this.resolveCodes(manager, area.id, dto);
      const reference = await this.references.next(manager, area);
      const values = columnValues(dto, null);
      const rows = (await manager.query(
        `INSERT INTO proposals (policy_area_id, reference, owner_id, title, acronym, summary, lead_organisation,
           lead_country, partners, countries, period_start, period_end, budget_eur, funding_sources,
           indicator_contributions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          area.id,
          reference,
          user.id,
          dto.title.trim(),
          values.acronym ?? null,
          values.summary ?? '',
          values.leadOrganisation ?? null,
          values.leadCountry ?? null,
          JSON.stringify(values.partners ?? []),
          values.countries ?? [],
          values.periodStart ?? null,
          values.periodEnd ?? null,
          values.budgetEur ?? null,
          JSON.stringify(values.fundingSources ?? []),
          JSON.stringify(values.indicatorContributions ?? []),
        ],
      )) as Array<{ id: string }>;
      const id = (rows[0] as { id: string }).id;
      await this.replaceActions(manager, id, dto.actionCodes ?? [], codes);
      if (dto.deliverables) await this.syncDeliverables(manager, id, dto.deliverables, codes);
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'proposal.created',
        entityType: 'proposal',
        entityId: id,
        toState: 'draft',
        data: { reference, version: 1 },
      });
      return id;
    });
  }

  /** Edits a draft (or a proposal back for changes) at the version the caller last read. */
  async update(
    user: AuthUser,
    proposalId: string,
    dto: UpdateProposalDto,
    ifMatch: string | undefined,
  ): Promise<void> {
    const expected = expectedVersion(dto.version, ifMatch);
    await this.dataSource.transaction(async (manager) => {
      const { proposal, access } = await this.policy.requireLocked(manager, proposalId, user);
      this.policy.assertMayEdit(access, proposal.state);
      if (proposal.version !== expected) throw versionConflict(proposal.version);

      const codes = await this.resolveCodes(manager, proposal.policyAreaId, dto);
      const values = columnValues(dto, proposal);
      const changed: string[] = Object.keys(values).filter((key) => key !== 'countries');
      const assignments: string[] = [];
      const params: unknown[] = [proposal.id, proposal.version];
      for (const [key, value] of Object.entries(values)) {
        params.push(JSON_COLUMNS.has(key) ? JSON.stringify(value) : value);
        assignments.push(`${COLUMN_NAMES[key as keyof ColumnValues]} = $${params.length}`);
      }
      const result = updateResult(
        await manager.query(
          `UPDATE proposals SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')}
            WHERE id = $1 AND version = $2`,
          params,
        ),
      );
      if (result.affected !== 1) throw versionConflict(proposal.version);
      if (dto.actionCodes !== undefined) {
        await this.replaceActions(manager, proposal.id, dto.actionCodes, codes);
        changed.push('actionCodes');
      }
      if (dto.deliverables !== undefined) {
        await this.syncDeliverables(manager, proposal.id, dto.deliverables, codes);
        changed.push('deliverables');
      }
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'proposal.updated',
        entityType: 'proposal',
        entityId: proposal.id,
        fromState: proposal.state,
        toState: proposal.state,
        data: { fields: changed, version: proposal.version + 1 },
      });
    });
  }

  async addCoEditor(user: AuthUser, proposalId: string, dto: AddCoEditorDto): Promise<void> {
    const email = dto.email.trim().toLowerCase();
    await this.dataSource.transaction(async (manager) => {
      const access = await this.policy.require(manager, proposalId, user);
      this.policy.assertOwner(access);
      if (email === user.email.toLowerCase()) {
        throw AppError.unprocessable('CO_EDITOR_IS_OWNER', 'You are already the lead of this proposal', [
          { field: 'email', message: 'This is your own e-mail address; you are the lead of this proposal' },
        ]);
      }
      const rows = (await manager.query(
        `INSERT INTO proposal_co_editors (proposal_id, user_id, email, invited_by_id)
         VALUES ($1, (SELECT id FROM users WHERE email = $2 AND deactivated_at IS NULL), $2, $3)
         ON CONFLICT (proposal_id, email) DO NOTHING
         RETURNING id, user_id`,
        [proposalId, email, user.id],
      )) as Array<{ id: string; user_id: string | null }>;
      const added = rows[0];
      if (!added) {
        throw AppError.conflict('CO_EDITOR_EXISTS', `${email} is already a co-editor of this proposal`);
      }
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'proposal.co_editor_added',
        entityType: 'proposal',
        entityId: proposalId,
        data: { coEditorId: added.id, email, userId: added.user_id },
      });
    });
  }

  async removeCoEditor(user: AuthUser, proposalId: string, coEditorId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.policy.require(manager, proposalId, user);
      this.policy.assertOwner(access);
      if (!isUuid(coEditorId)) throw coEditorNotFound();
      const rows = updateResult<{ email: string }>(
        await manager.query(
          `DELETE FROM proposal_co_editors WHERE id = $1 AND proposal_id = $2 RETURNING email`,
          [coEditorId, proposalId],
        ),
      );
      if (rows.affected !== 1) throw coEditorNotFound();
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'proposal.co_editor_removed',
        entityType: 'proposal',
        entityId: proposalId,
        data: { coEditorId, email: rows.rows[0]?.email },
      });
    });
  }

  private async resolveCodes(
    manager: EntityManager,
    policyAreaId: string,
    dto: ProposalFieldsDto,
  ): Promise<ResolvedCodes> {
    const actions: CodeReference[] = (dto.actionCodes ?? []).map((code, index) => ({
      field: `actionCodes[${index}]`,
      code: code.trim(),
    }));
    const indicators: CodeReference[] = [
      ...(dto.indicatorContributions ?? []).map((item, index) => ({
        field: `indicatorContributions[${index}].indicatorCode`,
        code: item.indicatorCode.trim(),
      })),
      ...(dto.deliverables ?? []).flatMap((item, index) =>
        typeof item.indicatorCode === 'string'
          ? [{ field: `deliverables[${index}].indicatorCode`, code: item.indicatorCode.trim() }]
          : [],
      ),
    ];
    return this.catalog.resolve(manager, policyAreaId, actions, indicators);
  }

  private async replaceActions(
    manager: EntityManager,
    proposalId: string,
    actionCodes: readonly string[],
    codes: ResolvedCodes,
  ): Promise<void> {
    await manager.query(`DELETE FROM proposal_actions WHERE proposal_id = $1`, [proposalId]);
    const ids = [...new Set(actionCodes.map((code) => (codes.actions.get(code.trim()) as CatalogRef).id))];
    if (ids.length > 0) {
      await manager.query(
        `INSERT INTO proposal_actions (proposal_id, action_id) SELECT $1, unnest($2::uuid[])`,
        [proposalId, ids],
      );
    }
  }

  /** Items with an id keep (and update) that deliverable; the others are new; missing ones are removed. */
  private async syncDeliverables(
    manager: EntityManager,
    proposalId: string,
    items: NonNullable<ProposalFieldsDto['deliverables']>,
    codes: ResolvedCodes,
  ): Promise<void> {
    const existing = new Set(
      (
        (await manager.query(`SELECT id FROM deliverables WHERE proposal_id = $1`, [proposalId])) as Array<{
          id: string;
        }>
      ).map((row) => row.id),
    );
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (item.id === undefined) return;
      if (!existing.has(item.id)) {
        errors.push({
          field: `deliverables[${index}].id`,
          message: 'This deliverable is not part of the proposal',
        });
      } else if (seen.has(item.id)) {
        errors.push({ field: `deliverables[${index}].id`, message: 'This deliverable is listed twice' });
      }
      seen.add(item.id);
    });
    if (errors.length > 0) {
      throw new AppError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_DELIVERABLE',
        'Some deliverables are not part of the proposal',
        errors,
      );
    }
    const kept = items.flatMap((item) => (item.id ? [item.id] : []));
    await manager.query(`DELETE FROM deliverables WHERE proposal_id = $1 AND NOT (id = ANY($2::uuid[]))`, [
      proposalId,
      kept,
    ]);
    for (const [position, item] of items.entries()) {
      const indicatorId =
        typeof item.indicatorCode === 'string'
          ? (codes.indicators.get(item.indicatorCode.trim())?.id ?? null)
          : null;
      const values = [
        item.title.trim(),
        item.dueDate ?? null,
        indicatorId,
        item.plannedValue ?? null,
        item.isMilestone ?? false,
        position,
      ];
      if (item.id) {
        await manager.query(
          `UPDATE deliverables SET title = $3, due_date = $4, indicator_id = $5, planned_value = $6, is_milestone = $7,
                  position = $8, version = version + 1, updated_at = now()
            WHERE id = $1 AND proposal_id = $2`,
          [item.id, proposalId, ...values],
        );
      } else {
        await manager.query(
          `INSERT INTO deliverables (proposal_id, title, due_date, indicator_id, planned_value, is_milestone, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [proposalId, ...values],
        );
      }
    }
  }
}

const COLUMN_NAMES: Record<keyof ColumnValues, string> = {
  title: 'title',
  acronym: 'acronym',
  summary: 'summary',
  leadOrganisation: 'lead_organisation',
  leadCountry: 'lead_country',
  partners: 'partners',
  countries: 'countries',
  periodStart: 'period_start',
  periodEnd: 'period_end',
  budgetEur: 'budget_eur',
  fundingSources: 'funding_sources',
  indicatorContributions: 'indicator_contributions',
};
const JSON_COLUMNS = new Set(['partners', 'fundingSources', 'indicatorContributions']);

function trimmedOrNull(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : null;
}

/** The columns a request sets (undefined fields are left alone); countries follow lead and partners. */
function columnValues(dto: ProposalFieldsDto & { title?: string }, current: Proposal | null): ColumnValues {
  const values: ColumnValues = {};
  if (dto.title !== undefined) values.title = dto.title.trim();
  if (dto.acronym !== undefined) values.acronym = trimmedOrNull(dto.acronym);
  if (dto.summary !== undefined) values.summary = dto.summary.trim();
  if (dto.leadOrganisation !== undefined) values.leadOrganisation = trimmedOrNull(dto.leadOrganisation);
  if (dto.leadCountry !== undefined) values.leadCountry = dto.leadCountry?.toUpperCase() ?? null;
  if (dto.partners !== undefined) {
    values.partners = dto.partners.map((partner): Partner => ({
      organisation: partner.organisation.trim(),
      country: partner.country.toUpperCase(),
      role: partner.role.trim(),
    }));
  }
  if (dto.periodStart !== undefined) values.periodStart = dto.periodStart ?? null;
  if (dto.periodEnd !== undefined) values.periodEnd = dto.periodEnd ?? null;
  if (dto.budgetEur !== undefined) values.budgetEur = dto.budgetEur ?? null;
  if (dto.fundingSources !== undefined) {
    values.fundingSources = dto.fundingSources.map((funding) => ({
      source: funding.source.trim(),
      amount: funding.amount,
    }));
  }
  if (dto.indicatorContributions !== undefined) {
    values.indicatorContributions = dto.indicatorContributions.map((item) => ({
      indicatorCode: item.indicatorCode.trim(),
      plannedValue: item.plannedValue ?? null,
      note: trimmedOrNull(item.note),
    }));
  }
  if (values.leadCountry !== undefined || values.partners !== undefined) {
    const lead = values.leadCountry !== undefined ? values.leadCountry : (current?.leadCountry ?? null);
    const partners = values.partners ?? current?.partners ?? [];
    values.countries = [
      ...new Set([lead, ...partners.map((partner) => partner.country)].filter((c): c is string => !!c)),
    ];
  }
  return values;
}

function coEditorNotFound(): AppError {
  return AppError.notFound('Co-editor', 'CO_EDITOR_NOT_FOUND');
}
