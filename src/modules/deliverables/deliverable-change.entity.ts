import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DeliverableChangeKind = 'added' | 'rescheduled' | 'cancelled';

/** History of a tracked deliverable: additions, reschedules and cancellations with their reasons. */
@Entity('deliverable_changes')
export class DeliverableChange {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) deliverableId: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'text' }) change: DeliverableChangeKind;
  @Column({ type: 'date', nullable: true }) fromDueDate: string | null;
  @Column({ type: 'date', nullable: true }) toDueDate: string | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
