import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const NOTIFICATION_MODES = ['immediate', 'digest', 'off'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/** A user's choice for one event type; no row means "immediately". */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'text' }) eventType: string;
  @Column({ type: 'text' }) mode: NotificationMode;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
