import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A reminder already produced for an item at a threshold; the primary key makes it happen once. */
@Entity('reminders_sent')
export class ReminderSent {
  @PrimaryColumn({ type: 'text' }) kind: string;
  @PrimaryColumn({ type: 'text' }) itemId: string;
  @PrimaryColumn({ type: 'text' }) threshold: string;
  @Column({ type: 'bigint', nullable: true }) outboxEventId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) sentAt: Date;
}
