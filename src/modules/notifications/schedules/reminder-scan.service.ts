import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OutboxService } from '../../outbox/outbox.service.js';

interface Candidate {
  kind: 'review' | 'procedure' | 'report';
  /** The item and the deadline it is reminded of: a new deadline re-arms its reminders. */
  itemId: string;
  threshold: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  policyAreaId: string | null;
  payload: Record<string, unknown>;
}

const REVIEW_DUE_SOON = '3 days';
const PROCEDURE_CLOSING_SOON = '48 hours';
const REPORT_DUE_SOON_DAYS = 14;

/**
 * Finds items that need a reminder and writes one outbox event per item and threshold. The reminders_sent
 * row is inserted first (ON CONFLICT DO NOTHING) in the same transaction as the event: only a new row produces
 * an event, so a reminder happens once however often the scan runs and however many workers run it.
 */
@Injectable()
export class ReminderScanService {
  private readonly logger = new Logger(ReminderScanService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** Returns the number of reminders produced by this scan. */
  async scan(): Promise<number> {
    const candidates = [...(await this.reviews()), ...(await this.procedures()), ...(await this.reports())];
    let produced = 0;
    for (const candidate of candidates) if (await this.produce(candidate)) produced += 1;
    if (produced) this.logger.log({ produced, candidates: candidates.length }, 'reminders produced');
    return produced;
  }

  private async produce(candidate: Candidate): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = (await manager.query(
        `INSERT INTO reminders_sent (kind, item_id, threshold) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING kind`,
        [candidate.kind, candidate.itemId, candidate.threshold],
      )) as unknown[];
      if (!claimed.length) return false;
      const eventId = await this.outbox.emit(manager, {
        eventType: candidate.eventType,
        aggregateType: candidate.aggregateType,
        aggregateId: candidate.aggregateId,
        policyAreaId: candidate.policyAreaId,
        payload: candidate.payload,
      });
      await manager.query(
        `UPDATE reminders_sent SET outbox_event_id = $4 WHERE kind = $1 AND item_id = $2 AND threshold = $3`,
        [candidate.kind, candidate.itemId, candidate.threshold, eventId],
      );
      return true;
    });
  }

  private async reviews(): Promise<Candidate[]> {
    const rows = (await this.dataSource.query(
      `SELECT ra.id, ra.proposal_id, ra.reviewer_id, ra.due_at, ra.due_at <= now() AS overdue,
              p.reference, p.title, p.policy_area_id
         FROM review_assignments ra JOIN proposals p ON p.id = ra.proposal_id
        WHERE ra.state IN ('assigned', 'cleared') AND p.state = 'in_review'
          AND ra.due_at <= now() + interval '${REVIEW_DUE_SOON}'`,
    )) as Array<{
      id: string;
      proposal_id: string;
      reviewer_id: string;
      due_at: Date;
      overdue: boolean;
      reference: string;
      title: string;
      policy_area_id: string;
    }>;
    return rows.map((row) =>
      aboutProposal(
        row,
        {
          kind: 'review',
          itemId: `${row.id}@${row.due_at.toISOString()}`,
          threshold: row.overdue ? 'overdue' : 'due_3d',
          eventType: row.overdue ? 'review.overdue' : 'review.due_soon',
        },
        { assignmentId: row.id, reviewerId: row.reviewer_id, dueAt: row.due_at.toISOString() },
      ),
    );
  }

  private async procedures(): Promise<Candidate[]> {
    const rows = (await this.dataSource.query(
      `SELECT wp.id, wp.proposal_id, wp.deadline, wp.policy_area_id, p.reference, p.title
         FROM written_procedures wp JOIN proposals p ON p.id = wp.proposal_id
        WHERE wp.closed_at IS NULL AND wp.deadline > now() AND wp.deadline <= now() + interval '${PROCEDURE_CLOSING_SOON}'`,
    )) as Array<{
      id: string;
      proposal_id: string;
      deadline: Date;
      policy_area_id: string;
      reference: string;
      title: string;
    }>;
    return rows.map((row) =>
      aboutProposal(
        row,
        {
          kind: 'procedure',
          itemId: `${row.id}@${row.deadline.toISOString()}`,
          threshold: 'closing_48h',
          eventType: 'procedure.closing_soon',
        },
        { procedureId: row.id, deadline: row.deadline.toISOString() },
      ),
    );
  }

  private async reports(): Promise<Candidate[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.proposal_id, r.policy_area_id, r.period_label, to_char(r.due_date, 'YYYY-MM-DD') AS due_date,
              r.due_date < current_date AS overdue, p.reference, p.title
         FROM progress_reports r JOIN proposals p ON p.id = r.proposal_id
        WHERE r.state IN ('draft', 'returned') AND p.state = 'approved'
          AND r.due_date <= current_date + $1::int`,
      [REPORT_DUE_SOON_DAYS],
    )) as Array<{
      id: string;
      proposal_id: string;
      policy_area_id: string;
      period_label: string;
      due_date: string;
      overdue: boolean;
      reference: string;
      title: string;
    }>;
    return rows.map((row) => ({
      kind: 'report',
      itemId: `${row.id}@${row.due_date}`,
      threshold: row.overdue ? 'overdue' : 'due_14d',
      eventType: row.overdue ? 'report.overdue' : 'report.due_soon',
      aggregateType: 'progress_report',
      aggregateId: row.id,
      policyAreaId: row.policy_area_id,
      payload: {
        reportId: row.id,
        proposalId: row.proposal_id,
        reference: row.reference,
        title: row.title,
        policyAreaId: row.policy_area_id,
        period: row.period_label,
        dueDate: row.due_date,
      },
    }));
  }
}

/** A reminder about a proposal: its event carries what every proposal event carries, and `details`. */
function aboutProposal(
  row: { proposal_id: string; policy_area_id: string; reference: string; title: string },
  reminder: Pick<Candidate, 'kind' | 'itemId' | 'threshold' | 'eventType'>,
  details: Record<string, unknown>,
): Candidate {
  return {
    ...reminder,
    aggregateType: 'proposal',
    aggregateId: row.proposal_id,
    policyAreaId: row.policy_area_id,
    payload: {
      proposalId: row.proposal_id,
      reference: row.reference,
      title: row.title,
      policyAreaId: row.policy_area_id,
      ...details,
    },
  };
}
