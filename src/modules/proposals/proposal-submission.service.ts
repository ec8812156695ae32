import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { checkEligibility, type EligibilityInput, type LinkedCatalogItem } from './domain/eligibility.js';
import type { Proposal } from './entities/proposal.entity.js';
import { ProposalDetailReader } from './proposal-detail.reader.js';

interface CatalogRow {
  code: string;
  policy_area_id: string;
  retired: boolean;
}

/** What submit and resubmit add to the state change: the eligibility check and the frozen revision. */
@Injectable()
export class ProposalSubmissionService {
  constructor(private readonly reader: ProposalDetailReader) {}

  /** Throws 422 PROPOSAL_NOT_ELIGIBLE listing every unmet criterion. */
  async assertEligible(manager: EntityManager, proposal: Proposal): Promise<void> {
    const errors = checkEligibility(await this.eligibilityInput(manager, proposal));
    if (errors.length > 0) {
      throw AppError.unprocessable(
        'PROPOSAL_NOT_ELIGIBLE',
        `The proposal does not meet ${errors.length} of the flagship criteria yet`,
        errors,
      );
    }
  }

  /** Freezes the proposal as it now stands as revision `number`. */
  async freezeRevision(
    manager: EntityManager,
    proposalId: string,
    number: number,
    submittedById: string | null,
  ): Promise<void> {
    const core = await this.reader.core(manager, proposalId);
    if (!core) throw new Error(`proposal ${proposalId} vanished inside its own transaction`);
    await manager.query(
      `INSERT INTO proposal_revisions (proposal_id, number, snapshot, submitted_by_id) VALUES ($1, $2, $3, $4)`,
      [proposalId, number, JSON.stringify(ProposalDetailReader.snapshot(core, number)), submittedById],
    );
  }

  private async eligibilityInput(manager: EntityManager, proposal: Proposal): Promise<EligibilityInput> {
    // A transaction has one connection: the statements run one after another.
    const actions = (await manager.query(
      `SELECT a.code, a.policy_area_id, a.retired_at IS NOT NULL AS retired
         FROM proposal_actions pa JOIN actions a ON a.id = pa.action_id
        WHERE pa.proposal_id = $1 ORDER BY a.position, a.code`,
      [proposal.id],
    )) as CatalogRow[];
    const deliverables = (await manager.query(
      `SELECT d.title, d.due_date::text AS due_date, i.code, i.policy_area_id, i.retired_at IS NOT NULL AS retired
         FROM deliverables d LEFT JOIN indicators i ON i.id = d.indicator_id
        WHERE d.proposal_id = $1 ORDER BY d.position`,
      [proposal.id],
    )) as Array<{ title: string; due_date: string | null } & Partial<CatalogRow>>;
    const indicators = (await manager.query(
      `SELECT code, policy_area_id, retired_at IS NOT NULL AS retired
         FROM indicators WHERE policy_area_id = $1 AND code = ANY($2::text[])`,
      [
        proposal.policyAreaId,
        proposal.indicatorContributions.map((contribution) => contribution.indicatorCode),
      ],
    )) as CatalogRow[];
    const indicatorByCode = new Map(indicators.map((row) => [row.code, linked(row)]));
    return {
      policyAreaId: proposal.policyAreaId,
      title: proposal.title,
      summary: proposal.summary,
      leadOrganisation: proposal.leadOrganisation,
      leadCountry: proposal.leadCountry,
      partners: proposal.partners,
      actions: actions.map(linked),
      periodStart: proposal.periodStart,
      periodEnd: proposal.periodEnd,
      budgetEur: proposal.budgetEur,
      fundingSources: proposal.fundingSources,
      indicatorContributions: proposal.indicatorContributions.map((contribution) => ({
        indicatorCode: contribution.indicatorCode,
        indicator: indicatorByCode.get(contribution.indicatorCode) ?? null,
      })),
      deliverables: deliverables.map((row) => ({
        title: row.title,
        dueDate: row.due_date,
        indicator:
          row.code && row.policy_area_id
            ? linked({ code: row.code, policy_area_id: row.policy_area_id, retired: row.retired === true })
            : null,
      })),
    };
  }
}

function linked(row: CatalogRow): LinkedCatalogItem {
  return { code: row.code, policyAreaId: row.policy_area_id, retired: row.retired };
}
