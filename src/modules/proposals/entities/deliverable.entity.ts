import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../../../common/database/numeric.transformer.js';

export const DELIVERABLE_STATUSES = ['planned', 'in_progress', 'delivered', 'delayed', 'cancelled'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];

/** A planned deliverable of a proposal; tracked by progress reports once the proposal is a flagship. */
@Entity('deliverables')
@Index('deliverables_proposal_idx', ['proposalId', 'position'])
export class Deliverable {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'date', nullable: true }) dueDate: string | null;
  @Column({ type: 'uuid', nullable: true }) indicatorId: string | null;
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer }) plannedValue: number | null;
  @Column({ type: 'boolean', default: false }) isMilestone: boolean;
  @Column({ type: 'text', default: 'planned' }) status: DeliverableStatus;
  @Column({ type: 'integer', default: 1 }) version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
