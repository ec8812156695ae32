import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../../../common/database/numeric.transformer.js';

/** Summary of what one flagship's accepted reports contributed to one indicator (see IndicatorProgressService). */
@Entity('indicator_progress')
export class IndicatorProgress {
  @PrimaryColumn({ type: 'uuid' }) indicatorId: string;
  @PrimaryColumn({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'numeric', default: 0, transformer: numericTransformer }) sumValue: number;
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer }) latestValue: number | null;
  @Column({ type: 'date', nullable: true }) latestAt: string | null;
  @Column({ type: 'date', nullable: true }) milestoneReachedOn: string | null;
  @Column({ type: 'integer', default: 0 }) contributions: number;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
