import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { MonitoringRevision } from '../monitoring/monitoring-revision.js';
import type {
  AddDeliverableDto,
  CancelDeliverableDto,
  RescheduleDeliverableDto,
} from './dto/deliverable.dto.js';
import { FlagshipAccessPolicy, UUID, type FlagshipContext } from './flagship-access.policy.js';

export interface DeliverableView {
  id: string;
  position: number;
  title: string;
  dueDate: string | null;
  indicatorCode: string | null;
  plannedValue: number | null;
  isMilestone: boolean;
  status: string;
  version: number;
  trackedAt: string | null;
  rescheduledFrom: string | null;
  cancelReason: string | null;
  cancelledAt: string | null;
  /** What the caller may do next with this deliverable. */
  allowedActions: Array<'reschedule' | 'cancel'>;
}

interface DeliverableRow {
  id: string;
  position: number;
  title: string;
  due_date: string | null;
  indicator_code: string | null;
  planned_value: string | null;
  is_milestone: boolean;
  status: string;
  version: number;
  tracked_at: Date | null;
  rescheduled_from: string | null;
  cancel_reason: string | null;
  cancelled_at: Date | null;
}

const SELECT_DELIVERABLES = `
  SELECT d.id, d.position, d.title, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, i.code AS indicator_code,
         d.planned_value, d.is_milestone, d.status, d.version, d.tracked_at,
         to_char(d.rescheduled_from, 'YYYY-MM-DD') AS rescheduled_from, d.cancel_reason, d.cancelled_at
    FROM deliverables d LEFT JOIN indicators i ON i.id = d.indicator_id`;

/** Tracked deliverables of a flagship: list, add, reschedule, cancel (each change audited and kept in history). */
@Injectable()
export class DeliverablesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FlagshipAccessPolicy,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser | undefined, proposalId: string): Promise<unknown> {
    const flagship = await this.access.view(user, proposalId);
    const rows = (await this.dataSource.query(
      `${SELECT_DELIVERABLES} WHERE d.proposal_id = $1 ORDER BY d.position, d.id`,
      [proposalId],
    )) as DeliverableRow[];
    const changes = (await this.dataSource.query(
      `SELECT c.id, c.deliverable_id, c.change, to_char(c.from_due_date, 'YYYY-MM-DD') AS from_due_date,
              to_char(c.to_due_date, 'YYYY-MM-DD') AS to_due_date, c.reason, c.actor_id, u.name AS actor_name,
              c.created_at
         FROM deliverable_changes c LEFT JOIN users u ON u.id = c.actor_id
        WHERE c.proposal_id = $1 ORDER BY c.created_at, c.id`,
      [proposalId],
    )) as Array<Record<string, unknown>>;
    const deliverables = rows.map((row) => this.toView(row, flagship));
    return {
      flagship: {
        id: flagship.proposalId,
        reference: flagship.reference,
        title: flagship.title,
        state: flagship.state,
      },
      counts: {
        total: deliverables.length,
        delivered: deliverables.filter((d) => d.status === 'delivered').length,
        delayed: deliverables.filter((d) => d.status === 'delayed').length,
        cancelled: deliverables.filter((d) => d.status === 'cancelled').length,
      },
      allowedActions: this.canChange(flagship) ? ['add'] : [],
      deliverables,
      changes: changes.map((c) => ({
        id: c.id,
        deliverableId: c.deliverable_id,
        change: c.change,
        fromDueDate: c.from_due_date,
        toDueDate: c.to_due_date,
        reason: c.reason,
        actor: c.actor_id ? { id: c.actor_id, name: c.actor_name } : null,
        at: c.created_at,
      })),
    };
  }

  async add(
    user: AuthUser | undefined,
    proposalId: string,
    dto: AddDeliverableDto,
  ): Promise<DeliverableView> {
    const caller = this.access.requireUser(user);
    return this.dataSource.transaction(async (manager) => {
      const flagship = await this.access.view(caller, proposalId, manager, true);
      this.access.assertLeadOfActiveFlagship(flagship);
      const indicatorId = await this.indicatorId(manager, flagship.policyAreaId, dto.indicatorCode ?? null);
      const inserted = (await manager.query(
        `INSERT INTO deliverables (proposal_id, position, title, due_date, indicator_id, planned_value, is_milestone,
                                   tracked_at, created_by_id)
         SELECT $1, coalesce(max(position) + 1, 0), $2, $3, $4, $5, $6, now(), $7 FROM deliverables WHERE proposal_id = $1
         RETURNING id`,
        [
          proposalId,
          dto.title,
          dto.dueDate,
          indicatorId,
          dto.plannedValue ?? null,
          dto.isMilestone ?? false,
          caller.id,
        ],
      )) as Array<{ id: string }>;
      const id = String(inserted[0]?.id);
      await this.recordChange(manager, flagship, id, 'added', null, dto.dueDate, null, caller.id);
      return this.load(manager, flagship, id);
    });
  }

  async reschedule(
    user: AuthUser | undefined,
    proposalId: string,
    deliverableId: string,
    dto: RescheduleDeliverableDto,
  ): Promise<DeliverableView> {
    return this.changeOpenDeliverable(user, proposalId, deliverableId, {
      change: 'rescheduled',
      version: dto.version,
      set: `due_date = $3, rescheduled_from = coalesce(rescheduled_from, due_date)`,
      value: dto.dueDate,
      toDueDate: dto.dueDate,
      reason: dto.reason,
    });
  }

  async cancel(
    user: AuthUser | undefined,
    proposalId: string,
    deliverableId: string,
    dto: CancelDeliverableDto,
  ): Promise<DeliverableView> {
    return this.changeOpenDeliverable(user, proposalId, deliverableId, {
      change: 'cancelled',
      version: dto.version,
      set: `status = 'cancelled', cancel_reason = $3, cancelled_at = now()`,
      value: dto.reason,
      toDueDate: null,
      reason: dto.reason,
    });
  }

  /**
   * A lead's version-checked change to a deliverable that is neither delivered nor cancelled, with its history
   * line, in one transaction.
   */
  private async changeOpenDeliverable(
    user: AuthUser | undefined,
    proposalId: string,
    deliverableId: string,
    change: {
      change: 'rescheduled' | 'cancelled';
      version: number;
      set: string;
      value: string;
      toDueDate: string | null;
      reason: string;
    },
  ): Promise<DeliverableView> {
    const caller = this.access.requireUser(user);
    return this.dataSource.transaction(async (manager) => {
      const flagship = await this.access.view(caller, proposalId, manager, true);
      this.access.assertLeadOfActiveFlagship(flagship);
      const current = await this.load(manager, flagship, deliverableId);
      if (current.status === 'cancelled' || current.status === 'delivered') {
        throw AppError.conflict(
          'DELIVERABLE_CLOSED',
          `A ${current.status} deliverable cannot be ${change.change}`,
        );
      }
      await this.updateVersioned(manager, deliverableId, change.version, change.set, [change.value]);
      await this.recordChange(
        manager,
        flagship,
        deliverableId,
        change.change,
        current.dueDate,
        change.toDueDate,
        change.reason,
        caller.id,
      );
      return this.load(manager, flagship, deliverableId);
    });
  }

  private canChange(flagship: FlagshipContext): boolean {
    return flagship.isLead && flagship.state === 'approved';
  }

  private toView(row: DeliverableRow, flagship: FlagshipContext): DeliverableView {
    const open = row.status !== 'cancelled' && row.status !== 'delivered';
    return {
      id: row.id,
      position: row.position,
      title: row.title,
      dueDate: row.due_date,
      indicatorCode: row.indicator_code,
      plannedValue: row.planned_value === null ? null : Number(row.planned_value),
      isMilestone: row.is_milestone,
      status: row.status,
      version: row.version,
      // Tracking starts at approval; rows approved before the hook existed count as tracked anyway.
      trackedAt: row.tracked_at ? row.tracked_at.toISOString() : null,
      rescheduledFrom: row.rescheduled_from,
      cancelReason: row.cancel_reason,
      cancelledAt: row.cancelled_at ? row.cancelled_at.toISOString() : null,
      allowedActions: this.canChange(flagship) && open ? ['reschedule', 'cancel'] : [],
    };
  }

  private async load(
    manager: EntityManager,
    flagship: FlagshipContext,
    id: string,
  ): Promise<DeliverableView> {
    const rows = UUID.test(id)
      ? ((await manager.query(`${SELECT_DELIVERABLES} WHERE d.id = $1 AND d.proposal_id = $2`, [
          id,
          flagship.proposalId,
        ])) as DeliverableRow[])
      : [];
    if (!rows[0]) throw AppError.notFound('Deliverable', 'DELIVERABLE_NOT_FOUND');
    return this.toView(rows[0], flagship);
  }

  private async updateVersioned(
    manager: EntityManager,
    id: string,
    version: number,
    set: string,
    params: unknown[],
  ): Promise<void> {
    const result = (await manager.query(
      `UPDATE deliverables SET ${set}, version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, ...params],
    )) as [unknown[], number];
    if (result[1] !== 1) {
      const rows = (await manager.query(`SELECT version FROM deliverables WHERE id = $1`, [id])) as Array<{
        version: number;
      }>;
      throw AppError.conflict(
        'DELIVERABLE_VERSION_CONFLICT',
        'The deliverable was changed by someone else; reload it and try again',
        { currentVersion: rows[0]?.version ?? null },
      );
    }
  }

  private async indicatorId(
    manager: EntityManager,
    policyAreaId: string,
    code: string | null,
  ): Promise<string | null> {
    if (code === null) return null;
    const rows = (await manager.query(
      `SELECT id FROM indicators WHERE policy_area_id = $1 AND code = $2 AND retired_at IS NULL`,
      [policyAreaId, code],
    )) as Array<{ id: string }>;
    if (!rows[0]) {
      throw AppError.unprocessable('DELIVERABLE_INVALID', 'The indicator is not one of the policy area', [
        { field: 'indicatorCode', message: `indicatorCode ${code} is not an indicator of this policy area` },
      ]);
    }
    return rows[0].id;
  }

  private async recordChange(
    manager: EntityManager,
    flagship: FlagshipContext,
    deliverableId: string,
    change: 'added' | 'rescheduled' | 'cancelled',
    fromDueDate: string | null,
    toDueDate: string | null,
    reason: string | null,
    actorId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO deliverable_changes (deliverable_id, proposal_id, change, from_due_date, to_due_date, reason, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [deliverableId, flagship.proposalId, change, fromDueDate, toDueDate, reason, actorId],
    );
    await MonitoringRevision.bump(manager, flagship.policyAreaId);
    await this.audit.record(manager, {
      actorId,
      action: `deliverable.${change}`,
      entityType: 'deliverable',
      entityId: deliverableId,
      note: reason,
      data: { proposalId: flagship.proposalId, reference: flagship.reference, fromDueDate, toDueDate },
    });
  }
}
