import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { hasRoleIn, isAdmin, isCoordinatorOf, type AuthUser } from '../auth/auth-user.js';
import { lastEndedPeriod, type ReportingFrequency } from '../reporting/domain/report-period.js';
import {
  baselineDateOf,
  countStatuses,
  targetStatus,
  valueBasisOf,
  worstStatus,
  type IndicatorKind,
  type IndicatorStatus,
  type StatusCounts,
} from './domain/indicator-status.js';
import type { ReviseTargetDto } from './dto/monitoring.dto.js';
import { MonitoringRevision } from './monitoring-revision.js';

export interface PolicyAreaRef {
  id: string;
  code: string;
  name: string;
  reportingFrequency: ReportingFrequency;
  reportDueMonth: number;
  reportDueDay: number;
  /** Dec 31 of the earliest baseline year of its indicators: the baseline date of targets without one. */
  start: string;
  canRevise: boolean;
  /** What the indicator status depends on, read with the area (see indicatorsJson). */
  fingerprint: string;
}

export interface TargetView {
  code: string;
  description: string;
  value: number | null;
  valueBasis: 'level' | 'relative_change';
  deadline: string | null;
  deadlineText: string | null;
  source: string;
  supersedesCode: string | null;
  retiredAt: string | null;
  /** Retired targets keep their history but get no status. */
  status: IndicatorStatus | null;
  progress: number | null;
  expectedProgress: number | null;
  targetLevel: number | null;
  currentLevel: number | null;
}

export interface IndicatorView {
  code: string;
  title: string;
  kind: IndicatorKind;
  unit: string | null;
  sectionCode: string;
  objectiveCode: string;
  baseline: { text: string; year: number | null; value: number | null; date: string };
  achievedToDate: {
    sum: number;
    latest: number | null;
    latestAt: string | null;
    milestoneReachedOn: string | null;
    contributions: number;
  };
  contributingFlagships: Array<{ reference: string; title: string }>;
  targets: TargetView[];
}

export interface Rollup {
  worst: IndicatorStatus | null;
  counts: StatusCounts;
}

export interface IndicatorReport {
  policyArea: Omit<PolicyAreaRef, 'id' | 'canRevise' | 'fingerprint'>;
  asOf: string;
  rollup: Rollup;
  sections: Array<{ code: string; title: string; rollup: Rollup }>;
  actions: Array<{ code: string; title: string; sectionCode: string; flagships: number; rollup: Rollup }>;
  indicators: IndicatorView[];
  allowedActions: Array<'revise_targets'>;
}

interface IndicatorRow {
  id: string;
  code: string;
  title: string;
  kind: IndicatorKind;
  unit: string | null;
  baseline_text: string;
  baseline_year: number | null;
  baseline_value: string | null;
  objective_code: string;
  section_code: string;
  targets: Array<{
    code: string;
    description: string;
    value: number | null;
    deadline: string | null;
    deadline_text: string | null;
    source: string;
    supersedes_code: string | null;
    retired_at: string | null;
  }>;
}

interface ProgressRow {
  indicator_id: string;
  sum_value: string;
  latest_value: string | null;
  latest_at: string | null;
  milestone_reached_on: string | null;
  contributions: number;
  flagships: Array<{ reference: string; title: string }> | null;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Indicator status of a policy area: per indicator and target, and rolled up per section, action and policy
 * area (worst status plus counts per status). Reads the `indicator_progress` summary, never report items.
 */
@Injectable()
export class MonitoringService {
  /** Serialised answers by (area, day, history, caller kind), each valid for one fingerprint of the data. */
  private readonly cache = new Map<string, { fingerprint: string; json: string }>();
  private static readonly CACHE_ENTRIES = 64;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Coordinators, steering group members of the area and admins see monitoring; nobody else. */
  async policyArea(user: AuthUser | undefined, code: string): Promise<PolicyAreaRef> {
    if (!user) throw AppError.unauthorized();
    // One call: the area, its settings and the cache fingerprint (a PL/pgSQL function, so its plan is reused).
    const rows = (await this.dataSource.query(
      `SELECT id, code, name, reporting_frequency, report_due_month, report_due_day, first_year, created_on, fingerprint
         FROM monitoring_area($1)`,
      [code],
    )) as Array<{
      id: string;
      code: string;
      name: string;
      reporting_frequency: ReportingFrequency;
      report_due_month: number;
      report_due_day: number;
      first_year: number | null;
      created_on: string;
      fingerprint: string;
    }>;
    const row = rows[0];
    if (!row) throw AppError.notFound('Policy area', 'POLICY_AREA_NOT_FOUND');
    const coordinator = isCoordinatorOf(user, row.id) || isAdmin(user);
    if (!coordinator && !hasRoleIn(user, 'steering_group_member', row.id)) {
      throw AppError.forbidden(
        'Monitoring is for the coordinators and the steering group of the policy area',
      );
    }
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      reportingFrequency: row.reporting_frequency,
      reportDueMonth: row.report_due_month,
      reportDueDay: row.report_due_day,
      start: row.first_year === null ? row.created_on : `${row.first_year}-12-31`,
      canRevise: coordinator,
      fingerprint: row.fingerprint,
    };
  }

  /**
   * The indicator status as JSON text, computed once per fingerprint of what it depends on. The fingerprint is
   * read first (with the policy area), so a cached answer is never older than the data it was checked against:
   * the monitoring revision (bumped by every write of this capability, serialised by its row lock), the area's
   * flagships (count, last change) and its targets (count, retired, last added) for writes made elsewhere.
   */
  async indicatorsJson(area: PolicyAreaRef, asOf: string, includeHistory: boolean): Promise<string> {
    const fingerprint = area.fingerprint;
    const key = `${area.id}|${asOf}|${includeHistory}|${area.canRevise}`;
    const cached = this.cache.get(key);
    if (cached && cached.fingerprint === fingerprint) return cached.json;
    const json = JSON.stringify(await this.indicators(area, asOf, includeHistory));
    this.cache.delete(key);
    this.cache.set(key, { fingerprint, json });
    if (this.cache.size > MonitoringService.CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return json;
  }

  async indicators(area: PolicyAreaRef, asOf: string, includeHistory: boolean): Promise<IndicatorReport> {
    const [sections, actions, indicatorRows, progressRows, actionIndicators] = await Promise.all([
      this.dataSource.query(
        `SELECT code, title FROM sections WHERE policy_area_id = $1 AND retired_at IS NULL ORDER BY position`,
        [area.id],
      ) as Promise<Array<{ code: string; title: string }>>,
      this.dataSource.query(
        `SELECT a.id, a.code, a.title, s.code AS section_code,
                (SELECT count(*)::int FROM proposal_actions pa JOIN proposals p ON p.id = pa.proposal_id
                  WHERE pa.action_id = a.id AND p.state IN ('approved', 'completed')) AS flagships
           FROM actions a JOIN sections s ON s.id = a.section_id
          WHERE a.policy_area_id = $1 AND a.retired_at IS NULL ORDER BY s.position, a.position`,
        [area.id],
      ) as Promise<
        Array<{ id: string; code: string; title: string; section_code: string; flagships: number }>
      >,
      this.dataSource.query(
        `SELECT i.id, i.code, i.title, i.kind, i.unit, i.baseline_text, i.baseline_year, i.baseline_value,
                o.code AS objective_code, s.code AS section_code,
                coalesce((SELECT json_agg(json_build_object(
                           'code', t.code, 'description', t.description, 'value', t.value,
                           'deadline', to_char(t.deadline, 'YYYY-MM-DD'), 'deadline_text', t.deadline_text,
                           'source', t.source, 'supersedes_code', st.code, 'retired_at', t.retired_at)
                         ORDER BY t.position, t.code)
                   FROM indicator_targets t LEFT JOIN indicator_targets st ON st.id = t.supersedes_id
                  WHERE t.indicator_id = i.id AND ($2 OR t.retired_at IS NULL)), '[]') AS targets
           FROM indicators i
           JOIN objectives o ON o.id = i.objective_id
           JOIN sections s ON s.id = o.section_id
          WHERE i.policy_area_id = $1 AND i.retired_at IS NULL
          ORDER BY s.position, o.position, i.position`,
        [area.id, includeHistory],
      ) as Promise<IndicatorRow[]>,
      this.dataSource.query(
        `SELECT ip.indicator_id, sum(ip.sum_value) AS sum_value,
                (array_agg(ip.latest_value ORDER BY ip.latest_at DESC) FILTER (WHERE ip.latest_at IS NOT NULL))[1]
                  AS latest_value,
                to_char(max(ip.latest_at), 'YYYY-MM-DD') AS latest_at,
                to_char(min(ip.milestone_reached_on), 'YYYY-MM-DD') AS milestone_reached_on,
                sum(ip.contributions)::int AS contributions,
                json_agg(json_build_object('reference', p.reference, 'title', p.title) ORDER BY p.reference)
                  FILTER (WHERE ip.contributions > 0) AS flagships
           FROM indicator_progress ip
           JOIN indicators i ON i.id = ip.indicator_id
           JOIN proposals p ON p.id = ip.proposal_id
          WHERE i.policy_area_id = $1 AND p.state IN ('approved', 'completed')
          GROUP BY ip.indicator_id`,
        [area.id],
      ) as Promise<ProgressRow[]>,
      // An action's targets: those of the indicators its flagships deliver to (planned or reported).
      this.dataSource.query(
        `SELECT DISTINCT pa.action_id, d.indicator_id
           FROM proposals p
           JOIN proposal_actions pa ON pa.proposal_id = p.id
           JOIN deliverables d ON d.proposal_id = p.id
          WHERE p.policy_area_id = $1 AND p.state IN ('approved', 'completed') AND d.indicator_id IS NOT NULL`,
        [area.id],
      ) as Promise<Array<{ action_id: string; indicator_id: string }>>,
    ]);

    const progressByIndicator = new Map(progressRows.map((row) => [row.indicator_id, row]));
    const statusesByIndicator = new Map<string, IndicatorStatus[]>();
    const indicators = indicatorRows.map((row): IndicatorView => {
      const progress = progressByIndicator.get(row.id);
      const achieved = {
        sum: progress ? Number(progress.sum_value) : 0,
        latest: progress?.latest_value != null ? Number(progress.latest_value) : null,
        latestAt: progress?.latest_at ?? null,
        milestoneReachedOn: progress?.milestone_reached_on ?? null,
        contributions: progress?.contributions ?? 0,
      };
      const baselineValue = row.baseline_value === null ? null : Number(row.baseline_value);
      const baselineDate = baselineDateOf(row.baseline_year, area.start);
      const targets = row.targets.map((target): TargetView => {
        const valueBasis = valueBasisOf(row.kind, target.description);
        const value = target.value === null ? null : Number(target.value);
        const computed =
          target.retired_at === null
            ? targetStatus({
                kind: row.kind,
                baselineValue,
                baselineDate,
                targetValue: value,
                valueBasis,
                deadline: target.deadline,
                achieved,
                today: asOf,
              })
            : null;
        return {
          code: target.code,
          description: target.description,
          value,
          valueBasis,
          deadline: target.deadline,
          deadlineText: target.deadline_text,
          source: target.source,
          supersedesCode: target.supersedes_code,
          retiredAt: target.retired_at,
          status: computed?.status ?? null,
          progress: computed?.progress ?? null,
          expectedProgress: computed?.expectedProgress ?? null,
          targetLevel: computed?.targetLevel ?? null,
          currentLevel: computed?.currentLevel ?? null,
        };
      });
      statusesByIndicator.set(
        row.id,
        targets.flatMap((target) => (target.status ? [target.status] : [])),
      );
      return {
        code: row.code,
        title: row.title,
        kind: row.kind,
        unit: row.unit,
        sectionCode: row.section_code,
        objectiveCode: row.objective_code,
        baseline: {
          text: row.baseline_text,
          year: row.baseline_year,
          value: baselineValue,
          date: baselineDate,
        },
        achievedToDate: achieved,
        contributingFlagships: progress?.flagships ?? [],
        targets,
      };
    });

    const rollup = (statuses: IndicatorStatus[]): Rollup => ({
      worst: worstStatus(statuses),
      counts: countStatuses(statuses),
    });
    const sectionOf = new Map(indicatorRows.map((row) => [row.id, row.section_code]));
    const indicatorsByAction = new Map<string, string[]>();
    for (const row of actionIndicators) {
      indicatorsByAction.set(row.action_id, [
        ...(indicatorsByAction.get(row.action_id) ?? []),
        row.indicator_id,
      ]);
    }
    const allStatuses = [...statusesByIndicator.values()].flat();
    return {
      policyArea: {
        code: area.code,
        name: area.name,
        reportingFrequency: area.reportingFrequency,
        reportDueMonth: area.reportDueMonth,
        reportDueDay: area.reportDueDay,
        start: area.start,
      },
      asOf,
      rollup: rollup(allStatuses),
      sections: sections.map((section) => ({
        code: section.code,
        title: section.title,
        rollup: rollup(
          [...statusesByIndicator.entries()]
            .filter(([id]) => sectionOf.get(id) === section.code)
            .flatMap(([, statuses]) => statuses),
        ),
      })),
      actions: actions.map((action) => ({
        code: action.code,
        title: action.title,
        sectionCode: action.section_code,
        flagships: action.flagships,
        rollup: rollup(
          (indicatorsByAction.get(action.id) ?? []).flatMap((id) => statusesByIndicator.get(id) ?? []),
        ),
      })),
      indicators,
      allowedActions: area.canRevise ? ['revise_targets'] : [],
    };
  }

  /** A coordinator revises an indicator's target: a new row (source 'revision'); the superseded one is retired. */
  async reviseTarget(
    user: AuthUser | undefined,
    indicatorCode: string,
    dto: ReviseTargetDto,
  ): Promise<unknown> {
    if (!user) throw AppError.unauthorized();
    return this.dataSource.transaction(async (manager) => {
      const indicators = (await manager.query(
        `SELECT i.id, i.code, i.policy_area_id FROM indicators i WHERE i.code = $1 AND i.retired_at IS NULL FOR UPDATE`,
        [indicatorCode],
      )) as Array<{ id: string; code: string; policy_area_id: string }>;
      const indicator = indicators.find((row) => isCoordinatorOf(user, row.policy_area_id) || isAdmin(user));
      if (!indicator) {
        if (indicators.length === 0) throw AppError.notFound('Indicator', 'INDICATOR_NOT_FOUND');
        throw AppError.forbidden('Only a coordinator of the policy area may revise its targets');
      }
      let supersedes: { id: string; code: string } | null = null;
      if (dto.supersedesTargetCode !== undefined) {
        const rows = (await manager.query(
          `SELECT id, code, retired_at FROM indicator_targets WHERE indicator_id = $1 AND code = $2`,
          [indicator.id, dto.supersedesTargetCode],
        )) as Array<{ id: string; code: string; retired_at: Date | null }>;
        const found = rows[0];
        if (!found || found.retired_at !== null) {
          throw AppError.unprocessable('TARGET_INVALID', 'The target to supersede is not a current target', [
            {
              field: 'supersedesTargetCode',
              message: `supersedesTargetCode ${dto.supersedesTargetCode} is not a current target of ${indicator.code}`,
            },
          ]);
        }
        supersedes = found;
      }
      const next = (await manager.query(
        `SELECT coalesce(max(position), 0) + 1 AS position,
                count(*) FILTER (WHERE source = 'revision')::int + 1 AS revision
           FROM indicator_targets WHERE indicator_id = $1`,
        [indicator.id],
      )) as Array<{ position: number; revision: number }>;
      const code = `${indicator.code}.R${next[0]!.revision}`;
      const inserted = (await manager.query(
        `INSERT INTO indicator_targets (indicator_id, code, position, description, value, deadline, deadline_text, source,
                                        supersedes_id, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'revision', $8, $9) RETURNING id, created_at`,
        [
          indicator.id,
          code,
          next[0]!.position,
          dto.description,
          dto.value ?? null,
          dto.deadline ?? null,
          dto.deadline ? `by ${dto.deadline}` : null,
          supersedes?.id ?? null,
          user.id,
        ],
      )) as Array<{ id: string; created_at: Date }>;
      if (supersedes) {
        await manager.query(`UPDATE indicator_targets SET retired_at = now() WHERE id = $1`, [supersedes.id]);
      }
      await MonitoringRevision.bump(manager, indicator.policy_area_id);
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'indicator_target.revised',
        entityType: 'indicator_target',
        entityId: inserted[0]!.id,
        note: dto.description,
        data: {
          indicatorCode: indicator.code,
          code,
          supersedes: supersedes?.code ?? null,
          value: dto.value ?? null,
          deadline: dto.deadline ?? null,
        },
      });
      return {
        code,
        indicatorCode: indicator.code,
        description: dto.description,
        value: dto.value ?? null,
        deadline: dto.deadline ?? null,
        source: 'revision',
        supersedesCode: supersedes?.code ?? null,
        createdAt: inserted[0]!.created_at,
      };
    });
  }

  /** What needs a coordinator's attention now: late and soon-due deliverables and reports, missing reports. */
  async attention(area: PolicyAreaRef, asOf: string): Promise<unknown> {
    const period = lastEndedPeriod(
      { frequency: area.reportingFrequency, dueMonth: area.reportDueMonth, dueDay: area.reportDueDay },
      asOf,
    );
    const [deliverables, reports, missing, perAction] = await Promise.all([
      this.dataSource.query(
        `SELECT d.id, d.title, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.status, d.is_milestone,
                p.id AS proposal_id, p.reference, p.title AS flagship_title, (d.due_date < $2::date) AS overdue
           FROM deliverables d JOIN proposals p ON p.id = d.proposal_id
          WHERE p.policy_area_id = $1 AND p.state = 'approved' AND d.status NOT IN ('delivered', 'cancelled')
            AND d.due_date <= $2::date + 30
          ORDER BY d.due_date, p.reference, d.position`,
        [area.id, asOf],
      ) as Promise<Array<Record<string, unknown>>>,
      this.dataSource.query(
        `SELECT r.id, r.period_label, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.state, p.id AS proposal_id,
                p.reference, p.title AS flagship_title, (r.due_date < $2::date) AS overdue
           FROM progress_reports r JOIN proposals p ON p.id = r.proposal_id
          WHERE r.policy_area_id = $1 AND p.state = 'approved'
            AND (r.state = 'submitted' OR (r.state IN ('draft', 'returned') AND r.due_date <= $2::date + 30))
          ORDER BY r.due_date, p.reference`,
        [area.id, asOf],
      ) as Promise<Array<Record<string, unknown>>>,
      this.dataSource.query(
        `SELECT p.id AS proposal_id, p.reference, p.title, r.state AS report_state
           FROM proposals p
           LEFT JOIN progress_reports r ON r.proposal_id = p.id AND r.period_label = $2
          WHERE p.policy_area_id = $1 AND p.state = 'approved' AND (r.state IS NULL OR r.state <> 'accepted')
            AND (p.approved_at IS NULL OR p.approved_at::date <= $3::date)
          ORDER BY p.reference`,
        [area.id, period.label, period.end],
      ) as Promise<
        Array<{ proposal_id: string; reference: string; title: string; report_state: string | null }>
      >,
      this.dataSource.query(
        `SELECT a.code AS action_code, a.title AS action_title, p.id AS proposal_id, p.reference, p.title, p.state,
                count(d.id)::int AS total,
                count(d.id) FILTER (WHERE d.status = 'delivered')::int AS delivered,
                count(d.id) FILTER (WHERE d.status = 'delayed')::int AS delayed,
                count(d.id) FILTER (WHERE d.status = 'cancelled')::int AS cancelled,
                count(d.id) FILTER (WHERE d.status NOT IN ('delivered', 'cancelled') AND d.due_date < $2::date)::int
                  AS overdue
           FROM actions a
           JOIN sections s ON s.id = a.section_id
           LEFT JOIN proposal_actions pa ON pa.action_id = a.id
           LEFT JOIN proposals p ON p.id = pa.proposal_id AND p.state IN ('approved', 'completed')
           LEFT JOIN deliverables d ON d.proposal_id = p.id
          WHERE a.policy_area_id = $1 AND a.retired_at IS NULL
          GROUP BY s.position, a.position, a.code, a.title, p.id, p.reference, p.title, p.state
          ORDER BY s.position, a.position, p.reference`,
        [area.id, asOf],
      ) as Promise<
        Array<{
          action_code: string;
          action_title: string;
          proposal_id: string | null;
          reference: string | null;
          title: string | null;
          state: string | null;
          total: number;
          delivered: number;
          delayed: number;
          cancelled: number;
          overdue: number;
        }>
      >,
    ]);
    const actions = new Map<string, { code: string; title: string; flagships: unknown[] }>();
    for (const row of perAction) {
      const action = actions.get(row.action_code) ?? {
        code: row.action_code,
        title: row.action_title,
        flagships: [],
      };
      actions.set(row.action_code, action);
      if (row.proposal_id) {
        action.flagships.push({
          id: row.proposal_id,
          reference: row.reference,
          title: row.title,
          state: row.state,
          deliverables: {
            total: row.total,
            delivered: row.delivered,
            delayed: row.delayed,
            cancelled: row.cancelled,
            overdue: row.overdue,
          },
        });
      }
    }
    const deliverableView = (row: Record<string, unknown>): Record<string, unknown> => ({
      id: row.id,
      title: row.title,
      dueDate: row.due_date,
      status: row.status,
      isMilestone: row.is_milestone,
      flagship: { id: row.proposal_id, reference: row.reference, title: row.flagship_title },
    });
    const reportView = (row: Record<string, unknown>): Record<string, unknown> => ({
      id: row.id,
      periodLabel: row.period_label,
      dueDate: row.due_date,
      state: row.state,
      flagship: { id: row.proposal_id, reference: row.reference, title: row.flagship_title },
    });
    return {
      policyArea: { code: area.code, name: area.name },
      asOf,
      dueSoonDays: 30,
      deliverables: {
        overdue: deliverables.filter((row) => row.overdue).map(deliverableView),
        dueSoon: deliverables.filter((row) => !row.overdue).map(deliverableView),
      },
      reports: {
        overdue: reports.filter((row) => row.state !== 'submitted' && row.overdue).map(reportView),
        dueSoon: reports.filter((row) => row.state !== 'submitted' && !row.overdue).map(reportView),
        awaitingDecision: reports.filter((row) => row.state === 'submitted').map(reportView),
      },
      lastPeriod: {
        label: period.label,
        dueDate: period.due,
        overdue: period.due < asOf,
        flagshipsWithoutAcceptedReport: missing.map((row) => ({
          id: row.proposal_id,
          reference: row.reference,
          title: row.title,
          reportState: row.report_state,
        })),
      },
      actions: [...actions.values()],
    };
  }
}
