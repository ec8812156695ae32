import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ReportState } from '../domain/report-state-machine.js';

/** A flagship's progress report for one reporting period of its policy area. */
@Entity('progress_reports')
@Index(['proposalId', 'periodLabel'], { unique: true })
export class ProgressReport {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'uuid' }) policyAreaId: string;
  @Column({ type: 'text' }) periodLabel: string;
  @Column({ type: 'date' }) periodStart: string;
  @Column({ type: 'date' }) periodEnd: string;
  @Column({ type: 'date' }) dueDate: string;
  @Column({ type: 'text', default: 'draft' }) state: ReportState;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) decidedById: string | null;
  @Column({ type: 'text', nullable: true }) returnNote: string | null;
  @Column({ type: 'uuid', nullable: true }) createdById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
