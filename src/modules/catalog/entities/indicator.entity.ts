import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../../../common/database/numeric.transformer.js';

export type IndicatorKind = 'count' | 'percent' | 'milestone';

export interface BaselineBreakdownItem {
  label: string;
  value: number;
}

@Entity('indicators')
@Index(['policyAreaId', 'code'], { unique: true })
export class Indicator {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) policyAreaId: string;
  @Column({ type: 'uuid' }) objectiveId: string;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) kind: IndicatorKind;
  @Column({ type: 'text', nullable: true }) unit: string | null;
  @Column({ type: 'text' }) baselineText: string;
  @Column({ type: 'integer', nullable: true }) baselineYear: number | null;
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer }) baselineValue: number | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) baselineBreakdown: BaselineBreakdownItem[];
  @Column({ type: 'timestamptz', nullable: true }) retiredAt: Date | null;
}
