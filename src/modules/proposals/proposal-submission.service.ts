import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { checkEligibility, type EligibilityInput, type LinkedCatalogItem } from './domain/eligibility.js';
import type { Proposal } from './entities/proposal.entity.js';
import { preparedQuery } from '../../common/database/prepared-query.js';
import { SqlParams } from '../../common/database/sql-params.js';
import {
  coreSql,
  extrasSql,
  revisionSnapshot,
  type ExtrasRow,
  type ProposalCore,
} from './proposal-content.sql.js';

interface CatalogRow {
  code: string;
  policy_area_id: string;
  retired: boolean;
}

/** A row carrying the submission columns (see ProposalSubmissionService.columns). */
export interface SubmissionColumns {
  submission_core: ProposalCore;
  submission_extras: ExtrasRow;
  submission_actions: CatalogRow[];
  submission_deliverables: Array<{ title: string; due_date: string | null } & Partial<CatalogRow>>;
  submission_indicators: CatalogRow[];
  /** The row version this statement's snapshot saw, and the one it locked (they differ if it waited). */
  submission_seen_xmin: string;
  submission_locked_xmin: string;
}

/** What submit and resubmit add to the state change: the eligibility check and the frozen revision. */
@Injectable()
export class ProposalSubmissionService {
  /**
   * Select-list columns over proposal alias `p` (whose id is placeholder `id`): the criteria's facts, the
   * content to freeze and the view's counts for `viewerId`. Added to the statement that locks the row, they
   * save a round trip per submit.
   */
  static columns(params: SqlParams, id: string, viewerId: string | null): string {
    const viewer = params.add(viewerId);
    return `(SELECT to_json(core) FROM (${coreSql(id)}) core) AS submission_core,
      (SELECT to_json(extras) FROM (${extrasSql(id, viewer)}) extras) AS submission_extras,
      (SELECT coalesce(json_agg(json_build_object('code', a.code, 'policy_area_id', a.policy_area_id,
                'retired', a.retired_at IS NOT NULL) ORDER BY a.position, a.code), '[]')
         FROM proposal_actions pa JOIN actions a ON a.id = pa.action_id
        WHERE pa.proposal_id = p.id) AS submission_actions,
      (SELECT coalesce(json_agg(json_build_object('title', d.title, 'due_date', d.due_date::text, 'code', i.code,
                'policy_area_id', i.policy_area_id, 'retired', i.retired_at IS NOT NULL) ORDER BY d.position), '[]')
         FROM deliverables d LEFT JOIN indicators i ON i.id = d.indicator_id
        WHERE d.proposal_id = p.id) AS submission_deliverables,
      (SELECT coalesce(json_agg(json_build_object('code', i.code, 'policy_area_id', i.policy_area_id,
                'retired', i.retired_at IS NOT NULL)), '[]')
         FROM indicators i
        WHERE i.policy_area_id = p.policy_area_id
          AND i.code IN (SELECT c ->> 'indicatorCode' FROM jsonb_array_elements(p.indicator_contributions) c))
        AS submission_indicators,
      (SELECT q.xmin::text FROM proposals q WHERE q.id = p.id) AS submission_seen_xmin,
      p.xmin::text AS submission_locked_xmin`;
  }

  /**
   * Checks the criteria (422 PROPOSAL_NOT_ELIGIBLE listing every unmet one) and returns the content to freeze
   * with the view's counts, from the columns read with the row lock. If that statement had to wait for the
   * lock, another transaction changed the row meanwhile and the columns may predate it: they are read again.
   */
  async prepare(
    manager: EntityManager,
    proposal: Proposal,
    locked: SubmissionColumns,
    viewerId: string | null,
  ): Promise<{ core: ProposalCore; extras: ExtrasRow }> {
    let row = locked;
    if (locked.submission_seen_xmin !== locked.submission_locked_xmin) {
      const params = new SqlParams();
      const id = params.add(proposal.id);
      const { rows } = await preparedQuery<SubmissionColumns>(
        manager,
        `SELECT ${ProposalSubmissionService.columns(params, id, viewerId)} FROM proposals p WHERE p.id = ${id}`,
        params.values,
      );
      if (!rows[0]) throw new Error(`proposal ${proposal.id} vanished inside its own transaction`);
      row = rows[0];
    }
    const errors = checkEligibility(eligibilityInput(proposal, row));
    if (errors.length > 0) {
      throw AppError.unprocessable(
        'PROPOSAL_NOT_ELIGIBLE',
        `The proposal does not meet ${errors.length} of the flagship criteria yet`,
        errors,
      );
    }
    return { core: row.submission_core, extras: row.submission_extras };
  }

  /** The INSERT of revision `number` (the content as prepare() read it), for the transition's statement. */
  static revisionInsert(
    core: ProposalCore,
    number: number,
    submittedById: string | null,
    params: SqlParams,
  ): string {
    const values = params.addAll([
      core.id,
      number,
      JSON.stringify(revisionSnapshot(core, number)),
      submittedById,
    ]);
    return `INSERT INTO proposal_revisions (proposal_id, number, snapshot, submitted_by_id) VALUES (${values})`;
  }
}

function eligibilityInput(proposal: Proposal, row: SubmissionColumns): EligibilityInput {
  const indicatorByCode = new Map(
    row.submission_indicators.map((indicator) => [indicator.code, linked(indicator)]),
  );
  return {
    policyAreaId: proposal.policyAreaId,
    title: proposal.title,
    summary: proposal.summary,
    leadOrganisation: proposal.leadOrganisation,
    leadCountry: proposal.leadCountry,
    partners: proposal.partners,
    actions: row.submission_actions.map(linked),
    periodStart: proposal.periodStart,
    periodEnd: proposal.periodEnd,
    budgetEur: proposal.budgetEur,
    fundingSources: proposal.fundingSources,
    indicatorContributions: proposal.indicatorContributions.map((contribution) => ({
      indicatorCode: contribution.indicatorCode,
      indicator: indicatorByCode.get(contribution.indicatorCode) ?? null,
    })),
    deliverables: row.submission_deliverables.map((deliverable) => ({
      title: deliverable.title,
      dueDate: deliverable.due_date,
      indicator:
        deliverable.code && deliverable.policy_area_id
          ? linked({
              code: deliverable.code,
              policy_area_id: deliverable.policy_area_id,
              retired: deliverable.retired === true,
            })
          : null,
    })),
  };
}

function linked(row: CatalogRow): LinkedCatalogItem {
  return { code: row.code, policyAreaId: row.policy_area_id, retired: row.retired };
}
