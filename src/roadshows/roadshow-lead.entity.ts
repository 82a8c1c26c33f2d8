import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Registration } from '../registration/registration.entity.js';
import { RoadshowProject } from './roadshow-project.entity.js';

/** interest: 感兴趣; meeting: wants to meet the presenter; message: a note for the presenter. */
export const LEAD_KINDS = ['interest', 'meeting', 'message'] as const;
export type LeadKind = (typeof LEAD_KINDS)[number];

/**
 * A registered attendee's follow-up on a project, from its QR page. One per registration, project and kind: marking
 * interest twice is one lead; a second message replaces the text of the first.
 */
@Entity('roadshow_leads')
@Index(['registrationId', 'projectId', 'kind'], { unique: true })
@Index(['projectId', 'kind'])
export class RoadshowLead {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  projectId: number;

  @ManyToOne(() => RoadshowProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'projectId' })
  project?: Relation<RoadshowProject>;

  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registrationId' })
  registration?: Relation<Registration>;

  @Column({ type: 'varchar', length: 16 })
  kind: LeadKind;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
