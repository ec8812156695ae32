import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { DeliverableTracking } from '../deliverables/deliverable-tracking.js';
import { FlagshipAccessPolicy, UUID, type FlagshipContext } from '../deliverables/flagship-access.policy.js';
import { IndicatorProgressSummary } from '../monitoring/indicator-progress.js';
import { MonitoringRevision } from '../monitoring/monitoring-revision.js';
import { OutboxService } from '../outbox/outbox.service.js';
import {
  allowedReportActions,
  reportTransition,
  type ReportAction,
  type ReportState,
} from './domain/report-state-machine.js';
import { labelFormat, periodFor, type ReportingFrequency } from './domain/report-period.js';
import type {
  CreateReportDto,
  PatchReportItemsDto,
  ReportItemPatchDto,
  ReportTransitionDto,
} from './dto/report.dto.js';

interface ReportRow {
  id: string;
  proposal_id: string;
  policy_area_id: string;
  period_label: string;
  period_start: string;
  period_end: string;
  due_date: string;
  state: ReportState;
  version: number;
  submitted_at: Date | null;
  decided_at: Date | null;
  decided_by_id: string | null;
  return_note: string | null;
  created_at: Date;
  updated_at: Date;
}

interface ItemRow {
  id: string;
  deliverable_id: string;
  position: number;
  title: string;
  due_date: string | null;
  is_milestone: boolean;
  indicator_code: string | null;
  indicator_kind: string | null;
  status: string;
  contributed_value: string | null;
  milestone_reached_on: string | null;
  narrative: string;
  evidence_links: string[];
}

const REPORT_COLUMNS = `id, proposal_id, policy_area_id, period_label, to_char(period_start, 'YYYY-MM-DD') AS period_start,
  to_char(period_end, 'YYYY-MM-DD') AS period_end, to_char(due_date, 'YYYY-MM-DD') AS due_date, state, version,
  submitted_at, decided_at, decided_by_id, return_note, created_at, updated_at`;

/** The event each transition writes into the outbox (none for edits). */
const EVENTS: Partial<Record<ReportAction, string>> = {
  submit: 'report.submitted',
  resubmit: 'report.submitted',
  accept: 'report.accepted',
  return: 'report.returned',
};

/** Progress reports of a flagship: create a draft per period, fill in items, submit, accept or return. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FlagshipAccessPolicy,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async list(user: AuthUser | undefined, proposalId: string): Promise<unknown> {
    const flagship = await this.access.view(user, proposalId);
    const rows = (await this.dataSource.query(
      `SELECT ${REPORT_COLUMNS} FROM progress_reports WHERE proposal_id = $1 ORDER BY period_start DESC, id`,
      [proposalId],
    )) as ReportRow[];
    return {
      flagship: {
        id: flagship.proposalId,
        reference: flagship.reference,
        title: flagship.title,
        state: flagship.state,
      },
      allowedActions: flagship.isLead && flagship.state === 'approved' ? ['create'] : [],
      reports: rows.map((row) => this.toSummary(row, flagship)),
    };
  }

  async get(user: AuthUser | undefined, proposalId: string, reportId: string): Promise<unknown> {
    const flagship = await this.access.view(user, proposalId);
    return this.detail(
      this.dataSource.manager,
      flagship,
      await this.loadReport(this.dataSource.manager, flagship, reportId),
    );
  }

  async create(user: AuthUser | undefined, proposalId: string, dto: CreateReportDto): Promise<unknown> {
    const caller = this.access.requireUser(user);
    return this.dataSource.transaction(async (manager) => {
      const flagship = await this.access.view(caller, proposalId, manager, true);
      this.access.assertLeadOfActiveFlagship(flagship);
      const settings = (await manager.query(
        `SELECT reporting_frequency, report_due_month, report_due_day FROM policy_areas WHERE id = $1`,
        [flagship.policyAreaId],
      )) as Array<{
        reporting_frequency: ReportingFrequency;
        report_due_month: number;
        report_due_day: number;
      }>;
      const area = settings[0]!;
      const frequency = area.reporting_frequency;
      const period = periodFor(
        { frequency, dueMonth: area.report_due_month, dueDay: area.report_due_day },
        dto.periodLabel,
      );
      if (!period) {
        throw AppError.unprocessable('REPORT_INVALID', 'The period does not fit the policy area', [
          { field: 'periodLabel', message: `periodLabel must name ${labelFormat(frequency)}` },
        ]);
      }
      if (period.start > today()) {
        throw AppError.unprocessable('REPORT_INVALID', 'The period has not started yet', [
          { field: 'periodLabel', message: `the period ${period.label} has not started yet` },
        ]);
      }
      await DeliverableTracking.startTracking(manager, proposalId);
      const inserted = (await manager.query(
        `INSERT INTO progress_reports (proposal_id, policy_area_id, period_label, period_start, period_end, due_date, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (proposal_id, period_label) DO NOTHING RETURNING id`,
        [proposalId, flagship.policyAreaId, period.label, period.start, period.end, period.due, caller.id],
      )) as Array<{ id: string }>;
      const reportId = inserted[0]?.id;
      if (!reportId) {
        throw AppError.conflict(
          'REPORT_EXISTS',
          `A report for ${period.label} already exists for this flagship`,
        );
      }
      await manager.query(
        `INSERT INTO report_items (report_id, deliverable_id, indicator_id, position, status)
         SELECT $1, d.id, d.indicator_id, d.position, d.status FROM deliverables d WHERE d.proposal_id = $2`,
        [reportId, proposalId],
      );
      await this.audit.record(manager, {
        actorId: caller.id,
        action: 'report.created',
        entityType: 'progress_report',
        entityId: reportId,
        toState: 'draft',
        data: { proposalId, period: period.label },
      });
      return this.detail(manager, flagship, await this.loadReport(manager, flagship, reportId));
    });
  }

  async patchItems(
    user: AuthUser | undefined,
    proposalId: string,
    reportId: string,
    dto: PatchReportItemsDto,
  ): Promise<unknown> {
    const caller = this.access.requireUser(user);
    return this.dataSource.transaction(async (manager) => {
      const flagship = await this.access.view(caller, proposalId, manager);
      const report = await this.loadReport(manager, flagship, reportId);
      this.guard(report.state, 'edit', flagship);
      const items = await this.loadItems(manager, reportId);
      const byDeliverable = new Map(items.map((item) => [item.deliverable_id, item]));
      const errors = dto.items.flatMap((patch, index) =>
        validateItem(patch, index, byDeliverable.get(patch.deliverableId)),
      );
      if (errors.length > 0) {
        throw AppError.unprocessable(
          'REPORT_ITEM_INVALID',
          `The report has ${errors.length} invalid value(s)`,
          errors,
        );
      }
      await this.bumpVersion(manager, report, dto.version, {});
      for (const patch of dto.items) {
        const current = byDeliverable.get(patch.deliverableId)!;
        await manager.query(
          `UPDATE report_items SET status = $2, contributed_value = $3, milestone_reached_on = $4, narrative = $5,
                  evidence_links = $6, updated_at = now()
            WHERE id = $1`,
          [
            current.id,
            patch.status ?? current.status,
            patch.contributedValue !== undefined ? patch.contributedValue : current.contributed_value,
            patch.milestoneReachedOn !== undefined ? patch.milestoneReachedOn : current.milestone_reached_on,
            patch.narrative ?? current.narrative,
            patch.evidenceLinks ?? current.evidence_links,
          ],
        );
      }
      await this.audit.record(manager, {
        actorId: caller.id,
        action: 'report.items_updated',
        entityType: 'progress_report',
        entityId: reportId,
        data: { proposalId, deliverableIds: dto.items.map((item) => item.deliverableId) },
      });
      return this.detail(manager, flagship, await this.loadReport(manager, flagship, reportId));
    });
  }

  async transition(
    user: AuthUser | undefined,
    proposalId: string,
    reportId: string,
    action: 'submit' | 'resubmit' | 'accept' | 'return',
    dto: ReportTransitionDto,
  ): Promise<unknown> {
    const caller = this.access.requireUser(user);
    const note = dto.note?.trim() || null;
    if (action === 'return' && !note) {
      throw AppError.unprocessable('REPORT_INVALID', 'Say what needs to change', [
        { field: 'note', message: 'note is required when returning a report' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const flagship = await this.access.view(caller, proposalId, manager, true);
      const report = await this.loadReport(manager, flagship, reportId);
      const to = this.guard(report.state, action, flagship);
      const decided = action === 'accept' || action === 'return';
      await this.bumpVersion(manager, report, dto.version, {
        state: to,
        ...(decided
          ? { decided_at: 'now()', decided_by_id: caller.id, return_note: action === 'return' ? note : null }
          : { submitted_at: 'now()' }),
      });
      if (action === 'accept') {
        await IndicatorProgressSummary.applyAcceptedReport(manager, reportId);
        await MonitoringRevision.bump(manager, flagship.policyAreaId);
        // The accepted report is the deliverables' tracked status (the public registry shows delivered ones).
        await manager.query(
          `UPDATE deliverables d SET status = ri.status, version = d.version + 1, updated_at = now()
             FROM report_items ri
            WHERE ri.report_id = $1 AND ri.deliverable_id = d.id AND d.status <> ri.status AND d.status <> 'cancelled'`,
          [reportId],
        );
      }
      await this.audit.record(manager, {
        actorId: caller.id,
        action: `report.${action}`,
        entityType: 'progress_report',
        entityId: reportId,
        fromState: report.state,
        toState: to,
        note,
        data: { proposalId, period: report.period_label },
      });
      await this.outbox.emit(manager, {
        eventType: EVENTS[action]!,
        aggregateType: 'progress_report',
        aggregateId: reportId,
        policyAreaId: flagship.policyAreaId,
        actorId: caller.id,
        payload: {
          reportId,
          proposalId,
          reference: flagship.reference,
          title: flagship.title,
          policyAreaId: flagship.policyAreaId,
          period: report.period_label,
          note,
        },
      });
      return this.detail(manager, flagship, await this.loadReport(manager, flagship, reportId));
    });
  }

  private guard(state: ReportState, action: ReportAction, flagship: FlagshipContext): ReportState {
    const lead = action === 'edit' || action === 'submit' || action === 'resubmit';
    if (lead) this.access.assertLeadOfActiveFlagship(flagship);
    const result = reportTransition(state, action, actorOf(flagship));
    if (result.ok) return result.to;
    if (result.reason === 'not_allowed') throw AppError.forbidden(result.message);
    throw AppError.conflict('REPORT_INVALID_TRANSITION', result.message, { state });
  }

  /** Conditional update on (id, version); 0 rows → 409 with the current version. */
  private async bumpVersion(
    manager: EntityManager,
    report: ReportRow,
    version: number,
    set: Record<string, string | null>,
  ): Promise<void> {
    const columns = Object.keys(set);
    const params: unknown[] = [report.id, version];
    const assignments = columns.map((column) => {
      const value = set[column];
      if (value === 'now()') return `${column} = now()`;
      params.push(value);
      return `${column} = $${params.length}`;
    });
    const result = (await manager.query(
      `UPDATE progress_reports SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND version = $2 RETURNING id`,
      params,
    )) as [unknown[], number];
    if (result[1] !== 1) {
      const rows = (await manager.query(`SELECT version FROM progress_reports WHERE id = $1`, [
        report.id,
      ])) as Array<{
        version: number;
      }>;
      throw AppError.conflict(
        'REPORT_VERSION_CONFLICT',
        'The report was changed by someone else; reload it and try again',
        {
          currentVersion: rows[0]?.version ?? null,
        },
      );
    }
  }

  private async loadReport(
    manager: EntityManager,
    flagship: FlagshipContext,
    reportId: string,
  ): Promise<ReportRow> {
    const rows = UUID.test(reportId)
      ? ((await manager.query(
          `SELECT ${REPORT_COLUMNS} FROM progress_reports WHERE id = $1 AND proposal_id = $2`,
          [reportId, flagship.proposalId],
        )) as ReportRow[])
      : [];
    if (!rows[0]) throw AppError.notFound('Report', 'REPORT_NOT_FOUND');
    return rows[0];
  }

  private async loadItems(manager: EntityManager, reportId: string): Promise<ItemRow[]> {
    return (await manager.query(
      `SELECT ri.id, ri.deliverable_id, ri.position, d.title, to_char(d.due_date, 'YYYY-MM-DD') AS due_date,
              d.is_milestone, i.code AS indicator_code, i.kind AS indicator_kind, ri.status, ri.contributed_value,
              to_char(ri.milestone_reached_on, 'YYYY-MM-DD') AS milestone_reached_on, ri.narrative, ri.evidence_links
         FROM report_items ri
         JOIN deliverables d ON d.id = ri.deliverable_id
         LEFT JOIN indicators i ON i.id = ri.indicator_id
        WHERE ri.report_id = $1 ORDER BY ri.position, ri.id`,
      [reportId],
    )) as ItemRow[];
  }

  private toSummary(row: ReportRow, flagship: FlagshipContext): Record<string, unknown> {
    return {
      id: row.id,
      proposalId: row.proposal_id,
      periodLabel: row.period_label,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      dueDate: row.due_date,
      state: row.state,
      version: row.version,
      submittedAt: row.submitted_at,
      decidedAt: row.decided_at,
      returnNote: row.return_note,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      allowedActions: flagship.state === 'approved' ? allowedReportActions(row.state, actorOf(flagship)) : [],
    };
  }

  private async detail(manager: EntityManager, flagship: FlagshipContext, row: ReportRow): Promise<unknown> {
    const items = await this.loadItems(manager, row.id);
    return {
      ...this.toSummary(row, flagship),
      flagship: { id: flagship.proposalId, reference: flagship.reference, title: flagship.title },
      items: items.map((item) => ({
        id: item.id,
        deliverableId: item.deliverable_id,
        position: item.position,
        title: item.title,
        dueDate: item.due_date,
        isMilestone: item.is_milestone,
        indicatorCode: item.indicator_code,
        indicatorKind: item.indicator_kind,
        status: item.status,
        contributedValue: item.contributed_value === null ? null : Number(item.contributed_value),
        milestoneReachedOn: item.milestone_reached_on,
        narrative: item.narrative,
        evidenceLinks: item.evidence_links,
      })),
    };
  }
}

function actorOf(flagship: FlagshipContext): { isLead: boolean; isCoordinator: boolean } {
  return { isLead: flagship.isLead, isCoordinator: flagship.isCoordinator || flagship.isAdmin };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Values a person could type but that make no sense; each answers 422 naming the field. */
export function validateItem(
  patch: ReportItemPatchDto,
  index: number,
  item: ItemRow | undefined,
): FieldError[] {
  const at = (field: string): string => `items[${index}].${field}`;
  if (!item) {
    return [
      {
        field: at('deliverableId'),
        message: 'this deliverable is not one of the flagship’s tracked deliverables',
      },
    ];
  }
  const errors: FieldError[] = [];
  const value = patch.contributedValue;
  if (value !== undefined && value !== null) {
    if (value < 0)
      errors.push({ field: at('contributedValue'), message: 'contributedValue must not be negative' });
    if (item.indicator_kind === 'percent' && value > 100) {
      errors.push({
        field: at('contributedValue'),
        message: 'contributedValue is a percentage and cannot be over 100',
      });
    }
  }
  if (patch.milestoneReachedOn && patch.milestoneReachedOn > today()) {
    errors.push({ field: at('milestoneReachedOn'), message: 'milestoneReachedOn cannot be in the future' });
  }
  (patch.evidenceLinks ?? []).forEach((link, linkIndex) => {
    if (!isHttpUrl(link)) {
      errors.push({
        field: at(`evidenceLinks[${linkIndex}]`),
        message: 'each evidence link must be an http(s) URL',
      });
    }
  });
  return errors;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
