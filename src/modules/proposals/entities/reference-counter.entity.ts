import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last reference number handed out per policy area and year (SECURE-2026-0007). */
@Entity('reference_counters')
export class ReferenceCounter {
  @PrimaryColumn({ type: 'uuid' }) policyAreaId: string;
  @PrimaryColumn({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) lastNumber: number;
}
