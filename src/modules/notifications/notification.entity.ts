import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const NOTIFICATION_STATUSES = [
  'pending',
  'sending',
  'sent',
  'captured',
  'failed',
  'skipped',
  'digested',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export type NotificationDelivery = 'immediate' | 'digest';

/** One mail to one recipient; written by the relay before any queue job exists, updated by the delivery worker. */
@Entity('notifications')
@Unique(['outboxEventId', 'recipientEmail'])
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'bigint', nullable: true }) outboxEventId: string | null;
  @Column({ type: 'uuid', nullable: true }) userId: string | null;
  @Column({ type: 'text' }) recipientEmail: string;
  @Column({ type: 'text' }) eventType: string;
  @Column({ type: 'text', default: 'immediate' }) delivery: NotificationDelivery;
  @Column({ type: 'text', default: 'pending' }) status: NotificationStatus;
  @Column({ type: 'text' }) subject: string;
  @Column({ type: 'text' }) bodyText: string;
  @Column({ type: 'text' }) bodyHtml: string;
  @Column({ type: 'text', nullable: true }) link: string | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'text', nullable: true }) messageId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) queuedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
