import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError, type FieldError } from '../../../common/errors/app-error.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { ProposalReadPolicy } from '../proposal-read.policy.js';
import { diffSnapshots, type SnapshotChange } from './revision-diff.js';

export interface RevisionSummary {
  number: number;
  submittedAt: string;
  submittedBy: { id: string; name: string } | null;
}

export interface RevisionComparison {
  from: RevisionSummary;
  to: RevisionSummary;
  changes: SnapshotChange[];
}

interface RevisionRow {
  number: number;
  submitted_at: string;
  submitted_by: { id: string; name: string } | null;
  snapshot?: Record<string, unknown>;
}

const REVISION_COLUMNS = `r.number, r.created_at AS submitted_at,
  CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END AS submitted_by`;

/** Frozen revisions of a proposal (one per submit or resubmit) and their field-by-field comparison. */
@Injectable()
export class ProposalRevisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: ProposalReadPolicy,
  ) {}

  async list(proposalId: string, user: AuthUser): Promise<RevisionSummary[]> {
    await this.policy.fullAccess(proposalId, user);
    const rows = (await this.dataSource.query(
      `SELECT ${REVISION_COLUMNS}
         FROM proposal_revisions r LEFT JOIN users u ON u.id = r.submitted_by_id
        WHERE r.proposal_id = $1 ORDER BY r.number`,
      [proposalId],
    )) as RevisionRow[];
    return rows.map(toSummary);
  }

  async compare(proposalId: string, user: AuthUser, from: number, to: number): Promise<RevisionComparison> {
    await this.policy.fullAccess(proposalId, user);
    const rows = (await this.dataSource.query(
      `SELECT ${REVISION_COLUMNS}, r.snapshot
         FROM proposal_revisions r LEFT JOIN users u ON u.id = r.submitted_by_id
        WHERE r.proposal_id = $1 AND r.number = ANY($2::int[])`,
      [proposalId, [from, to]],
    )) as RevisionRow[];
    const older = rows.find((row) => row.number === from);
    const newer = rows.find((row) => row.number === to);
    if (!older || !newer) {
      const numbers = (await this.dataSource.query(
        'SELECT number FROM proposal_revisions WHERE proposal_id = $1 ORDER BY number',
        [proposalId],
      )) as Array<{ number: number }>;
      const existing =
        numbers.length === 0
          ? 'this proposal has no revisions yet (one is frozen at each submit)'
          : `this proposal has revision${numbers.length === 1 ? '' : 's'} ${numbers.map((n) => n.number).join(', ')}`;
      const errors: FieldError[] = [];
      if (!older) errors.push({ field: 'from', message: `Revision ${from} does not exist: ${existing}` });
      if (!newer) errors.push({ field: 'to', message: `Revision ${to} does not exist: ${existing}` });
      throw AppError.unprocessable(
        'PROPOSAL_REVISION_NOT_FOUND',
        errors.map((e) => e.message).join('; '),
        errors,
      );
    }
    return {
      from: toSummary(older),
      to: toSummary(newer),
      changes: diffSnapshots(older.snapshot ?? {}, newer.snapshot ?? {}),
    };
  }
}

function toSummary(row: RevisionRow): RevisionSummary {
  return {
    number: row.number,
    submittedAt: new Date(row.submitted_at).toISOString(),
    submittedBy: row.submitted_by,
  };
}
