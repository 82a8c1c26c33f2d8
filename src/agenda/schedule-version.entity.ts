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
import { Event } from '../events/event.entity.js';
import type { ScheduleChange, ScheduleSnapshot } from './domain/schedule.js';

/** One publication of an event's programme: the full snapshot attendees see, and what changed since the last. */
@Entity('schedule_versions')
@Index(['eventId', 'version'], { unique: true })
export class ScheduleVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'simple-json' })
  snapshot: ScheduleSnapshot;

  @Column({ type: 'simple-json' })
  changes: ScheduleChange[];

  @Column({ type: 'integer', nullable: true })
  publishedById: number | null;

  /** When attendees and speakers were emailed about this version's changes (null: not notified). */
  @Column({ type: Date, nullable: true })
  notifiedAt: Date | null;

  @CreateDateColumn()
  publishedAt: Date;
}
