import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ReviewAssignmentState = 'assigned' | 'cleared' | 'conflict' | 'completed';
export type ConflictSource = 'declared' | 'detected';

/** A reviewer assigned to a proposal: assigned → cleared (no conflict) → completed, or → conflict. */
@Entity('review_assignments')
@Index(['proposalId', 'reviewerId'], { unique: true })
@Index('review_assignments_reviewer_idx', ['reviewerId'])
export class ReviewAssignment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'uuid' }) reviewerId: string;
  @Column({ type: 'uuid' }) assignedById: string;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'text', default: 'assigned' }) state: ReviewAssignmentState;
  @Column({ type: 'text', nullable: true }) conflictSource: ConflictSource | null;
  @Column({ type: 'text', nullable: true }) declarationNote: string | null;
  @Column({ type: 'timestamptz', nullable: true }) declaredAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
