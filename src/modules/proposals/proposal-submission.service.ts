import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { checkEligibility, type EligibilityInput, type LinkedCatalogItem } from './domain/eligibility.js';
import type { Proposal } from './entities/proposal.entity.js';
import { preparedQuery } from '../../common/database/prepared-query.js';
import { SqlParams } from '../../common/database/sql-params.js';
import {
  CORE_SQL,
  EXTRAS_SQL,
  revisionSnapshot,
  type ExtrasRow,
  type ProposalCore,
} from './proposal-detail.reader.js';

interface CatalogRow {
  code: string;
  policy_area_id: string;
  retired: boolean;
}

/**
 * The criteria's facts, the content to freeze and the view's counts, read in one statement once the row is
 * locked. $1 proposal, $2 caller (user id or null), $3 policy area, $4 the indicator codes the proposal names.
 */
const SUBMISSION_SQL = `
  SELECT to_json(core) AS core, to_json(extras) AS extras,
         (SELECT coalesce(json_agg(json_build_object('code', a.code, 'policy_area_id', a.policy_area_id,
                   'retired', a.retired_at IS NOT NULL) ORDER BY a.position, a.code), '[]')
            FROM proposal_actions pa JOIN actions a ON a.id = pa.action_id
           WHERE pa.proposal_id = $1) AS actions,
         (SELECT coalesce(json_agg(json_build_object('title', d.title, 'due_date', d.due_date::text, 'code', i.code,
                   'policy_area_id', i.policy_area_id, 'retired', i.retired_at IS NOT NULL) ORDER BY d.position), '[]')
            FROM deliverables d LEFT JOIN indicators i ON i.id = d.indicator_id
           WHERE d.proposal_id = $1) AS deliverables,
         (SELECT coalesce(json_agg(json_build_object('code', i.code, 'policy_area_id', i.policy_area_id,
                   'retired', i.retired_at IS NOT NULL)), '[]')
            FROM indicators i WHERE i.policy_area_id = $3 AND i.code = ANY($4::text[])) AS indicators
    FROM (${CORE_SQL}) core CROSS JOIN (${EXTRAS_SQL}) extras`;

interface SubmissionRow {
  core: ProposalCore;
  extras: ExtrasRow;
  actions: CatalogRow[];
  deliverables: Array<{ title: string; due_date: string | null } & Partial<CatalogRow>>;
  indicators: CatalogRow[];
}

/** What submit and resubmit add to the state change: the eligibility check and the frozen revision. */
@Injectable()
export class ProposalSubmissionService {
  /**
   * Checks the criteria (422 PROPOSAL_NOT_ELIGIBLE listing every unmet one) and returns the content to freeze,
   * with the view's counts for `viewerId`. The caller holds the row lock, so the content cannot change before
   * the revision is written.
   */
  async prepare(
    manager: EntityManager,
    proposal: Proposal,
    viewerId: string | null,
  ): Promise<{ core: ProposalCore; extras: ExtrasRow }> {
    const { rows } = await preparedQuery<SubmissionRow>(manager, SUBMISSION_SQL, [
      proposal.id,
      viewerId,
      proposal.policyAreaId,
      proposal.indicatorContributions.map((contribution) => contribution.indicatorCode),
    ]);
    const row = rows[0];
    if (!row) throw new Error(`proposal ${proposal.id} vanished inside its own transaction`);
    const errors = checkEligibility(eligibilityInput(proposal, row));
    if (errors.length > 0) {
      throw AppError.unprocessable(
        'PROPOSAL_NOT_ELIGIBLE',
        `The proposal does not meet ${errors.length} of the flagship criteria yet`,
        errors,
      );
    }
    return { core: row.core, extras: row.extras };
  }

  /** The INSERT of revision `number` (the content as prepare() read it), for the transition's statement. */
  static revisionInsert(
    core: ProposalCore,
    number: number,
    submittedById: string | null,
    params: SqlParams,
  ): string {
    const values = [core.id, number, JSON.stringify(revisionSnapshot(core, number)), submittedById].map(
      (value) => params.add(value),
    );
    return `INSERT INTO proposal_revisions (proposal_id, number, snapshot, submitted_by_id) VALUES (${values.join(', ')})`;
  }
}

function eligibilityInput(proposal: Proposal, row: SubmissionRow): EligibilityInput {
  const indicatorByCode = new Map(row.indicators.map((indicator) => [indicator.code, linked(indicator)]));
  return {
    policyAreaId: proposal.policyAreaId,
    title: proposal.title,
    summary: proposal.summary,
    leadOrganisation: proposal.leadOrganisation,
    leadCountry: proposal.leadCountry,
    partners: proposal.partners,
    actions: row.actions.map(linked),
    periodStart: proposal.periodStart,
    periodEnd: proposal.periodEnd,
    budgetEur: proposal.budgetEur,
    fundingSources: proposal.fundingSources,
    indicatorContributions: proposal.indicatorContributions.map((contribution) => ({
      indicatorCode: contribution.indicatorCode,
      indicator: indicatorByCode.get(contribution.indicatorCode) ?? null,
    })),
    deliverables: row.deliverables.map((deliverable) => ({
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
