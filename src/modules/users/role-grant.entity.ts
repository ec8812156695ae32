import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RoleName } from '../auth/auth-user.js';

/** A role held in a policy area (admin: global, policy area null); active while revokedAt is null. */
@Entity('role_grants')
export class RoleGrantEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) role: RoleName;
  @Column({ type: 'uuid', nullable: true }) policyAreaId: string | null;
  @Column({ type: 'char', length: 2, nullable: true }) country: string | null;
  @Column({ type: 'boolean', default: false }) isChair: boolean;
  @Column({ type: 'uuid', nullable: true }) grantedById: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}
