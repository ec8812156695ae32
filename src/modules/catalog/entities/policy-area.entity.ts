import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type DecisionRule = 'silence' | 'majority';
export type ReportingFrequency = 'yearly' | 'half_yearly';

/** A policy area of a strategy; its settings drive the written procedure and reporting. */
@Entity('policy_areas')
export class PolicyArea {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) strategyId: string;
  @Column({ type: 'text', unique: true }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text', array: true }) coordinators: string[];
  @Column({ type: 'text', nullable: true }) website: string | null;
  @Column({ type: 'text', array: true }) principles: string[];
  @Column({ type: 'text' }) decisionRule: DecisionRule;
  @Column({ type: 'integer', nullable: true }) quorum: number | null;
  @Column({ type: 'text' }) reportingFrequency: ReportingFrequency;
  @Column({ type: 'smallint' }) reportDueMonth: number;
  @Column({ type: 'smallint' }) reportDueDay: number;
  @Column({ type: 'text' }) catalogVersion: string;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
