import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sections')
@Index(['policyAreaId', 'code'], { unique: true })
export class Section {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) policyAreaId: string;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt: Date | null;
}
