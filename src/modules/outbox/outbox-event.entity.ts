import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event written in the same transaction as the change that caused it; the worker's relay
 * turns it into notifications. A rolled-back change leaves no event, so nothing is ever sent for it.
 */
@Entity('outbox_events')
@Index('outbox_events_pending_idx', ['id'], { where: 'relayed_at IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text' }) eventType: string;
  @Column({ type: 'text' }) aggregateType: string;
  @Column({ type: 'text' }) aggregateId: string;
  @Column({ type: 'uuid', nullable: true }) policyAreaId: string | null;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) payload: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) relayedAt: Date | null;
  @Column({ type: 'integer', default: 0 }) relayAttempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
}
