import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { MonitoringService, type PolicyAreaRef } from './monitoring.service.js';

const INDICATOR_COLUMNS = [
  { header: 'Section', key: 'section', width: 8 },
  { header: 'Objective', key: 'objective', width: 10 },
  { header: 'Indicator', key: 'indicator', width: 10 },
  { header: 'Indicator title', key: 'indicatorTitle', width: 50 },
  { header: 'Kind', key: 'kind', width: 10 },
  { header: 'Unit', key: 'unit', width: 12 },
  { header: 'Baseline', key: 'baselineText', width: 40 },
  { header: 'Baseline value', key: 'baselineValue', width: 12 },
  { header: 'Baseline date', key: 'baselineDate', width: 12 },
  { header: 'Target', key: 'target', width: 14 },
  { header: 'Target description', key: 'targetDescription', width: 50 },
  { header: 'Target value', key: 'targetValue', width: 12 },
  { header: 'Deadline', key: 'deadline', width: 12 },
  { header: 'Achieved (sum)', key: 'achievedSum', width: 12 },
  { header: 'Achieved (latest)', key: 'achievedLatest', width: 12 },
  { header: 'Milestone reached on', key: 'milestoneReachedOn', width: 14 },
  { header: 'Contributing flagships', key: 'flagships', width: 40 },
  { header: 'Status', key: 'status', width: 12 },
] as const;

type IndicatorCell = string | number | Date | null;
type IndicatorLine = Record<(typeof INDICATOR_COLUMNS)[number]['key'], IndicatorCell>;

/** Exports of the monitoring data for the policy area's annual report: CSV (indicators) and XLSX (three sheets). */
@Injectable()
export class MonitoringExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly monitoring: MonitoringService,
  ) {}

  async csv(area: PolicyAreaRef, asOf: string): Promise<string> {
    const lines = await this.indicatorLines(area, asOf);
    const rows = [
      INDICATOR_COLUMNS.map((column) => column.header),
      ...lines.map((line) => INDICATOR_COLUMNS.map((column) => cellText(line[column.key]))),
    ];
    return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
  }

  async xlsx(area: PolicyAreaRef, asOf: string): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Flagship registry';
    workbook.created = new Date();

    const indicators = workbook.addWorksheet('Indicators');
    indicators.columns = INDICATOR_COLUMNS.map((column) => ({ ...column }));
    indicators.addRows(await this.indicatorLines(area, asOf));

    const flagships = workbook.addWorksheet('Flagships');
    flagships.columns = [
      { header: 'Reference', key: 'reference', width: 18 },
      { header: 'Title', key: 'title', width: 50 },
      { header: 'Acronym', key: 'acronym', width: 12 },
      { header: 'State', key: 'state', width: 10 },
      { header: 'Actions', key: 'actions', width: 12 },
      { header: 'Lead organisation', key: 'leadOrganisation', width: 30 },
      { header: 'Countries', key: 'countries', width: 20 },
      { header: 'Period start', key: 'periodStart', width: 12 },
      { header: 'Period end', key: 'periodEnd', width: 12 },
      { header: 'Approved', key: 'approvedAt', width: 12 },
      { header: 'Deliverables', key: 'total', width: 12 },
      { header: 'Delivered', key: 'delivered', width: 10 },
      { header: 'Delayed', key: 'delayed', width: 10 },
      { header: 'Last accepted report', key: 'lastAcceptedPeriod', width: 14 },
    ];
    const flagshipRows = (await this.dataSource.query(
      `SELECT p.reference, p.title, p.acronym, p.state, p.lead_organisation, array_to_string(p.countries, ', ') AS countries,
              p.period_start::text, p.period_end::text, p.approved_at,
              (SELECT string_agg(a.code, ', ' ORDER BY a.code) FROM proposal_actions pa JOIN actions a ON a.id = pa.action_id
                WHERE pa.proposal_id = p.id) AS actions,
              (SELECT count(*)::int FROM deliverables d WHERE d.proposal_id = p.id) AS total,
              (SELECT count(*)::int FROM deliverables d WHERE d.proposal_id = p.id AND d.status = 'delivered') AS delivered,
              (SELECT count(*)::int FROM deliverables d WHERE d.proposal_id = p.id AND d.status = 'delayed') AS delayed,
              (SELECT r.period_label FROM progress_reports r WHERE r.proposal_id = p.id AND r.state = 'accepted'
                ORDER BY r.period_end DESC LIMIT 1) AS last_accepted_period
         FROM proposals p WHERE p.policy_area_id = $1 AND p.state IN ('approved', 'completed')
        ORDER BY p.reference`,
      [area.id],
    )) as Array<Record<string, string | number | Date | null>>;
    flagships.addRows(
      flagshipRows.map((row) => ({
        reference: row.reference,
        title: row.title,
        acronym: row.acronym,
        state: row.state,
        actions: row.actions,
        leadOrganisation: row.lead_organisation,
        countries: row.countries,
        periodStart: asDate(row.period_start as string | null),
        periodEnd: asDate(row.period_end as string | null),
        approvedAt: row.approved_at,
        total: row.total,
        delivered: row.delivered,
        delayed: row.delayed,
        lastAcceptedPeriod: row.last_accepted_period,
      })),
    );

    const deliverables = workbook.addWorksheet('Deliverables');
    deliverables.columns = [
      { header: 'Flagship', key: 'reference', width: 18 },
      { header: 'No.', key: 'position', width: 6 },
      { header: 'Deliverable', key: 'title', width: 50 },
      { header: 'Indicator', key: 'indicator', width: 10 },
      { header: 'Milestone', key: 'isMilestone', width: 10 },
      { header: 'Planned value', key: 'plannedValue', width: 12 },
      { header: 'Due date', key: 'dueDate', width: 12 },
      { header: 'Originally due', key: 'rescheduledFrom', width: 12 },
      { header: 'Status', key: 'status', width: 12 },
      { header: 'Accepted contribution', key: 'contributed', width: 14 },
      { header: 'Milestone reached on', key: 'milestoneReachedOn', width: 14 },
    ];
    const deliverableRows = (await this.dataSource.query(
      `SELECT p.reference, d.position, d.title, i.code AS indicator, d.is_milestone, d.planned_value,
              d.due_date::text AS due_date, d.rescheduled_from::text AS rescheduled_from, d.status,
              acc.contributed, acc.milestone_reached_on::text AS milestone_reached_on
         FROM deliverables d
         JOIN proposals p ON p.id = d.proposal_id
         LEFT JOIN indicators i ON i.id = d.indicator_id
         LEFT JOIN LATERAL (
           SELECT sum(ri.contributed_value) AS contributed, min(ri.milestone_reached_on) AS milestone_reached_on
             FROM report_items ri JOIN progress_reports r ON r.id = ri.report_id AND r.state = 'accepted'
            WHERE ri.deliverable_id = d.id) acc ON true
        WHERE p.policy_area_id = $1 AND p.state IN ('approved', 'completed')
        ORDER BY p.reference, d.position`,
      [area.id],
    )) as Array<Record<string, string | number | boolean | null>>;
    deliverables.addRows(
      deliverableRows.map((row) => ({
        reference: row.reference,
        position: Number(row.position) + 1,
        title: row.title,
        indicator: row.indicator,
        isMilestone: row.is_milestone ? 'yes' : 'no',
        plannedValue: row.planned_value === null ? null : Number(row.planned_value),
        dueDate: asDate(row.due_date as string | null),
        rescheduledFrom: asDate(row.rescheduled_from as string | null),
        status: row.status,
        contributed: row.contributed === null ? null : Number(row.contributed),
        milestoneReachedOn: asDate(row.milestone_reached_on as string | null),
      })),
    );

    for (const sheet of [indicators, flagships, deliverables]) {
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
      for (const column of sheet.columns) {
        if (/date|deadline|start|end|approved|originally|reached/i.test(String(column.header ?? ''))) {
          column.numFmt = 'yyyy-mm-dd';
        }
      }
    }
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  private async indicatorLines(area: PolicyAreaRef, asOf: string): Promise<IndicatorLine[]> {
    const report = await this.monitoring.indicators(area, asOf, false);
    return report.indicators.flatMap((indicator) =>
      indicator.targets.map((target): IndicatorLine => ({
        section: indicator.sectionCode,
        objective: indicator.objectiveCode,
        indicator: indicator.code,
        indicatorTitle: indicator.title,
        kind: indicator.kind,
        unit: indicator.unit,
        baselineText: indicator.baseline.text,
        baselineValue: indicator.baseline.value,
        baselineDate: asDate(indicator.baseline.date),
        target: target.code,
        targetDescription: target.description,
        targetValue: target.value,
        deadline: asDate(target.deadline),
        achievedSum: indicator.kind === 'count' ? indicator.achievedToDate.sum : null,
        achievedLatest: indicator.kind === 'percent' ? indicator.achievedToDate.latest : null,
        milestoneReachedOn: asDate(indicator.achievedToDate.milestoneReachedOn),
        flagships: indicator.contributingFlagships.map((flagship) => flagship.reference).join('; '),
        status: target.status,
      })),
    );
  }
}

function asDate(value: string | null | undefined): Date | null {
  return value ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : null;
}

function cellText(value: IndicatorCell): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** RFC 4180 quoting; a leading =, +, - or @ is neutralised so a spreadsheet does not run it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
