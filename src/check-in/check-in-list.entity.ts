import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Session } from '../agenda/session.entity.js';
import { Event } from '../events/event.entity.js';
import { ExhibitionZone } from '../events/exhibition-zone.entity.js';
import { Venue } from '../events/venue.entity.js';

export const CHECK_IN_LIST_KINDS = ['entrance', 'session', 'sub_venue', 'zone'] as const;
/** Where a list is scanned: the event's entrance, a session's door, a sub-venue (分会场) or a zone (a signing hall). */
export type CheckInListKind = (typeof CHECK_IN_LIST_KINDS)[number];

/** The code of the list every event has: its entrance. */
export const ENTRANCE_CODE = 'entrance';

/**
 * A door that staff scan at: who may enter (attendee categories; null means every category) and whether a person may
 * come in again after a first check-in. Each event has its entrance list; others are optional.
 */
@Entity('check_in_lists')
@Index(['eventId', 'code'], { unique: true })
export class CheckInList {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  /** Stable within the event: "entrance" for the entrance, generated for the others. */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CheckInListKind;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  @Column({ type: 'integer', nullable: true })
  sessionId: number | null;

  @ManyToOne(() => Session, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'sessionId' })
  session?: Relation<Session> | null;

  @Column({ type: 'integer', nullable: true })
  venueId: number | null;

  @ManyToOne(() => Venue, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'venueId' })
  venue?: Relation<Venue> | null;

  @Column({ type: 'integer', nullable: true })
  zoneId: number | null;

  @ManyToOne(() => ExhibitionZone, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'zoneId' })
  zone?: Relation<ExhibitionZone> | null;

  /** Attendee category ids admitted; null admits every category. */
  @Column({ type: 'simple-json', nullable: true })
  categoryIds: number[] | null;

  /** Whether a person already checked in may pass again (each pass is recorded). */
  @Column({ type: 'boolean', default: false })
  allowReentry: boolean;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @CreateDateColumn()
  createdAt: Date;
}
