import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../../../common/database/numeric.transformer.js';

/** 'catalog' targets come from the action plan file; 'revision' targets are added by coordinators. */
export type TargetSource = 'catalog' | 'revision';

/** A target of an indicator. Revised targets are new rows; the old ones stay as history (retired). */
@Entity('indicator_targets')
@Index(['indicatorId', 'code'], { unique: true })
export class IndicatorTarget {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) indicatorId: string;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer }) value: number | null;
  @Column({ type: 'date', nullable: true }) deadline: string | null;
  @Column({ type: 'text', nullable: true }) deadlineText: string | null;
  @Column({ type: 'text', default: 'catalog' }) source: TargetSource;
  @Column({ type: 'uuid', nullable: true }) supersedesId: string | null;
  @Column({ type: 'uuid', nullable: true }) createdById: string | null;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
