import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A co-editor of a proposal; userId stays null until the invitee has an account with that e-mail. */
@Entity('proposal_co_editors')
@Index(['proposalId', 'email'], { unique: true })
export class ProposalCoEditor {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) proposalId: string;
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'uuid' }) invitedById: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
