import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The full proposal as it stood at a submit or resubmit (number 1, 2, …); never changed afterwards. */
@Entity('proposal_revisions')
@Index(['proposalId', 'number'], { unique: true })
export class ProposalRevision {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'integer' }) number: number;
  @Column({ type: 'jsonb' }) snapshot: Record<string, unknown>;
  @Column({ type: 'uuid', nullable: true }) submittedById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
