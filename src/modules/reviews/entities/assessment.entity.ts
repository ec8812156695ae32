import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const RECOMMENDATIONS = ['recommend', 'recommend_with_changes', 'do_not_recommend'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

/** A reviewer's assessment of a proposal against the five flagship criteria (1–5 each). */
@Entity('assessments')
@Index('assessments_proposal_idx', ['proposalId'])
export class Assessment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', unique: true }) assignmentId: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'uuid' }) reviewerId: string;
  @Column({ type: 'smallint' }) scoreMacroRegionalImpact: number;
  @Column({ type: 'smallint' }) scoreContribution: number;
  @Column({ type: 'smallint' }) scorePartnership: number;
  @Column({ type: 'smallint' }) scoreFeasibility: number;
  @Column({ type: 'smallint' }) scoreSustainability: number;
  @Column({ type: 'text' }) recommendation: Recommendation;
  @Column({ type: 'text' }) comment: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
