import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An action of the action plan (e.g. "C.1"); proposals link to actions. */
@Entity('actions')
@Index(['policyAreaId', 'code'], { unique: true })
export class Action {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) policyAreaId: string;
  @Column({ type: 'uuid' }) sectionId: string;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt: Date | null;
}
