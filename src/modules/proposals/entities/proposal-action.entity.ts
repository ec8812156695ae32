import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A proposal's link to an action of the action plan. */
@Entity('proposal_actions')
@Index('proposal_actions_action_idx', ['actionId', 'proposalId'])
export class ProposalAction {
  @PrimaryColumn({ type: 'uuid' }) proposalId: string;
  @PrimaryColumn({ type: 'uuid' }) actionId: string;
}
