import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../../../common/database/numeric.transformer.js';
import type { DeliverableStatus } from '../../proposals/entities/deliverable.entity.js';

/** What a report says about one deliverable. */
@Entity('report_items')
@Index(['reportId', 'deliverableId'], { unique: true })
export class ReportItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) reportId: string;
  @Column({ type: 'uuid' }) deliverableId: string;
  @Column({ type: 'uuid', nullable: true }) indicatorId: string | null;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text', default: 'planned' }) status: DeliverableStatus;
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer }) contributedValue:
    number | null;
  @Column({ type: 'date', nullable: true }) milestoneReachedOn: string | null;
  @Column({ type: 'text', default: '' }) narrative: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) evidenceLinks: string[];
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
