import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('objectives')
@Index(['policyAreaId', 'code'], { unique: true })
export class Objective {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) policyAreaId: string;
  @Column({ type: 'uuid' }) sectionId: string;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) baselineText: string;
  @Column({ type: 'integer', nullable: true }) baselineYear: number | null;
  @Column({ type: 'text', array: true }) dataSources: string[];
  @Column({ type: 'timestamptz', nullable: true }) retiredAt: Date | null;
}
