import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
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

/** One item of an event's programme. The agenda capability builds versions, people and conflicts on top. */
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

  @Column({ type: 'integer', default: 0 })
  position: number;
}
