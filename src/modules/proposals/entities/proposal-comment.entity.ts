import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CommentVisibility = 'internal' | 'shared';

/** A comment on a proposal: internal (secretariat side only) or shared (also the lead). */
@Entity('proposal_comments')
@Index('proposal_comments_proposal_idx', ['proposalId', 'createdAt', 'id'])
export class ProposalComment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'uuid' }) authorId: string;
  @Column({ type: 'text' }) visibility: CommentVisibility;
  @Column({ type: 'text' }) body: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
