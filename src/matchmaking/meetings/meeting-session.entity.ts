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
import { Session } from '../../agenda/session.entity.js';
import { Event } from '../../events/event.entity.js';
import type { UnplacedReason } from '../domain/scheduler.js';

/** A run of tables sharing a zone or room label: tables `from`..`to` (1-based, inclusive). */
export interface TableZone {
  from: number;
  to: number;
  label: string;
  labelEn?: string;
}

export const SCHEDULE_PHASES = ['draft', 'preliminary', 'final'] as const;
export type SchedulePhase = (typeof SCHEDULE_PHASES)[number];

/** What the last scheduler run answered, for the console (placed count and the unplaced with their reasons). */
export interface ScheduleRun {
  at: string;
  placed: number;
  unplaced: { requestId: number; reason: UnplacedReason }[];
}

/**
 * A free-negotiation session (自由洽谈) set up for one-to-one meetings: the agenda session's time cut into slots,
 * numbered tables, how many requests each person may send and when requests may be sent.
 */
@Entity('meeting_sessions')
@Index(['agendaSessionId'], { unique: true })
export class MeetingSession {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer' })
  agendaSessionId: number;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agendaSessionId' })
  agendaSession?: Relation<Session>;

  @Column({ type: 'integer' })
  slotMinutes: number;

  /** Minutes between two slots (changing tables). */
  @Column({ type: 'integer', default: 0 })
  breakMinutes: number;

  @Column({ type: 'integer' })
  tableCount: number;

  @Column({ type: 'simple-json', nullable: true })
  tableZones: TableZone[] | null;

  /** Requests one person may have sent (pending or accepted) at a time. */
  @Column({ type: 'integer', default: 10 })
  requestCap: number;

  /** Requests may be sent from (null: from now) until (null: the session's start). */
  @Column({ type: Date, nullable: true })
  requestsOpenAt: Date | null;

  @Column({ type: Date, nullable: true })
  requestsCloseAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  phase: SchedulePhase;

  @Column({ type: Date, nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'simple-json', nullable: true })
  lastRun: ScheduleRun | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
