import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ProcedureTally } from '../../proposals/domain/written-procedure-decision.js';

export type ProcedureClosedBy = 'deadline' | 'all_voted' | 'chair' | 'withdrawn';
export type ProcedureOutcomeValue = 'approved' | 'rejected' | 'changes_requested';

/** A steering group written procedure on one proposal; closed exactly once (deadline, all voted, or chair). */
@Entity('written_procedures')
@Index('written_procedures_open_proposal_idx', ['proposalId'], { unique: true, where: 'closed_at IS NULL' })
@Index('written_procedures_open_deadline_idx', ['deadline'], { where: 'closed_at IS NULL' })
export class WrittenProcedure {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'uuid' }) policyAreaId: string;
  @Column({ type: 'uuid', nullable: true }) openedById: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) openedAt: Date;
  @Column({ type: 'timestamptz' }) deadline: Date;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'text' }) decisionRule: 'silence' | 'majority';
  @Column({ type: 'integer', nullable: true }) quorum: number | null;
  @Column({ type: 'integer' }) memberCount: number;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'text', nullable: true }) closedBy: ProcedureClosedBy | null;
  @Column({ type: 'uuid', nullable: true }) closedByUserId: string | null;
  @Column({ type: 'text', nullable: true }) outcome: ProcedureOutcomeValue | null;
  @Column({ type: 'text', nullable: true }) outcomeReason: string | null;
  @Column({ type: 'jsonb', nullable: true }) tally: ProcedureTally | null;
}
