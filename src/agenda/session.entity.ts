import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Event } from '../events/event.entity.js';
import { Room } from '../events/room.entity.js';

export const SESSION_KINDS = [
  'opening_address',
  'keynote',
  'policy_briefing',
  'demand_release',
  'achievement_release',
  'lecture',
  'roadshow',
  'signing_ceremony',
  'capability_promotion',
  'free_negotiation',
  'exhibition',
  'sub_venue_programme',
  'break',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/**
 * One item of an event's programme, as the organisers edit it (the draft). Attendees see the published versions
 * (ScheduleVersion snapshots); a publication records what changed since the previous one.
 */
@Entity('agenda_sessions')
@Index(['eventId', 'startsAt'])
export class Session {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer', nullable: true })
  roomId: number | null;

  @ManyToOne(() => Room, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'roomId' })
  room?: Relation<Room> | null;

  @Column({ type: 'varchar', length: 32 })
  kind: SessionKind;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  descriptionEn: string | null;

  @Column({ type: Date })
  startsAt: Date;

  @Column({ type: Date })
  endsAt: Date;

  /** Order among sessions that start at the same time in the same room (items of one block). */
  @Column({ type: 'integer', default: 0 })
  position: number;

  /** Seats; null: the room's capacity applies. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  /** A cancelled session stays (attendees starred it, invites must be cancelled) but leaves the programme. */
  @Column({ type: Date, nullable: true })
  cancelledAt: Date | null;

  /** Warnings (speaker double-booked, over capacity, …) the organiser has accepted, by conflict key. */
  @Column({ type: 'simple-json', nullable: true })
  acceptedWarnings: string[] | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
