import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { VoteChoice } from '../../proposals/domain/written-procedure-decision.js';

/** A member's vote in a written procedure; changeable until the procedure closes. */
@Entity('procedure_votes')
@Index(['procedureId', 'memberId'], { unique: true })
@Index('procedure_votes_procedure_idx', ['procedureId'])
export class ProcedureVote {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) procedureId: string;
  @Column({ type: 'uuid' }) memberId: string;
  @Column({ type: 'text' }) choice: VoteChoice;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
