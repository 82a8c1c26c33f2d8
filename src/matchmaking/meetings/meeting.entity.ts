import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { MeetingRequest } from './meeting-request.entity.js';
import { MeetingSession } from './meeting-session.entity.js';

export const MEETING_OUTCOMES = ['held', 'no_show'] as const;
export type MeetingOutcome = (typeof MEETING_OUTCOMES)[number];

/**
 * An accepted request's place in the session: slot and table (null while unplaced), whether an organiser locked it,
 * and what was last published (the invite people hold: its SEQUENCE and place). The outcome is what the cooperation
 * pipeline will read.
 */
@Entity('meetings')
@Index(['meetingSessionId', 'slot', 'tableNumber'], { unique: true })
export class Meeting {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  meetingSessionId: number;

  @ManyToOne(() => MeetingSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meetingSessionId' })
  meetingSession?: Relation<MeetingSession>;

  @Column({ type: 'integer', unique: true })
  requestId: number;

  @OneToOne(() => MeetingRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requestId' })
  request?: Relation<MeetingRequest>;

  /** 1-based slot and table numbers; null while the meeting has no place. */
  @Column({ type: 'integer', nullable: true })
  slot: number | null;

  @Column({ type: 'integer', nullable: true })
  tableNumber: number | null;

  /** Kept where it is by later scheduler runs. */
  @Column({ type: 'boolean', default: false })
  locked: boolean;

  /** Taken out by an organiser: the scheduler leaves it out until it is placed by hand again. */
  @Column({ type: 'boolean', default: false })
  dropped: boolean;

  /** SEQUENCE of the calendar invite (same UID for both people), bumped whenever a sent invite changes. */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** When the first invite went out (later changes bump the sequence). */
  @Column({ type: Date, nullable: true })
  invitedAt: Date | null;

  /** The place as last published; null when nothing is published (or the published meeting was cancelled). */
  @Column({ type: 'integer', nullable: true })
  sentSlot: number | null;

  @Column({ type: 'integer', nullable: true })
  sentTable: number | null;

  @Column({ type: Date, nullable: true })
  sentStartsAt: Date | null;

  @Column({ type: Date, nullable: true })
  sentEndsAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: MeetingOutcome | null;

  @Column({ type: 'text', nullable: true })
  outcomeNote: string | null;

  /** Both want to go on: a cooperation intent (合作意向) the pipeline will pick up. */
  @Column({ type: 'boolean', default: false })
  intent: boolean;

  /** Who recorded the outcome: a participant (by registration id) or staff. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  outcomeBy: string | null;

  @Column({ type: Date, nullable: true })
  outcomeAt: Date | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
