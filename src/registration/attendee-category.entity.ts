import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { OrganisationKind } from '../directory/organisation.entity.js';
import { Event } from '../events/event.entity.js';

export const APPROVAL_MODES = ['automatic', 'review'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** 嘉宾, enterprise, research institute/university, government, investor, media …: each with its own seats. */
@Entity('attendee_categories')
@Index(['eventId', 'code'], { unique: true })
export class AttendeeCategory {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  /** Stable short code used in imports and exports (e.g. "guest", "enterprise"). */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'integer', default: 0 })
  confirmedCount: number;

  @Column({ type: 'varchar', length: 16, default: 'automatic' })
  approval: ApprovalMode;

  /** Badge colour, #rrggbb. */
  @Column({ type: 'varchar', length: 7, default: '#b3261e' })
  colour: string;

  /** Kind given to an organisation first met through this category. */
  @Column({ type: 'varchar', length: 32, default: 'enterprise' })
  organisationKind: OrganisationKind;

  /** Categories an organiser invites only (guests of honour) are not offered on the public form. */
  @Column({ type: 'boolean', default: true })
  publicForm: boolean;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
