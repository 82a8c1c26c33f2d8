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
import { MeetingParticipant } from './meeting-participant.entity.js';
import { MeetingSession } from './meeting-session.entity.js';

export const REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** One participant asking another for a meeting; the other side accepts or declines. */
@Entity('meeting_requests')
@Index(['fromParticipantId', 'toParticipantId'], { unique: true })
@Index(['meetingSessionId', 'status'])
// The requests a person received (their meetings page, the overview): the unique index above serves only the sender.
@Index(['toParticipantId'])
export class MeetingRequest {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  meetingSessionId: number;

  @ManyToOne(() => MeetingSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meetingSessionId' })
  meetingSession?: Relation<MeetingSession>;

  @Column({ type: 'integer' })
  fromParticipantId: number;

  @ManyToOne(() => MeetingParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fromParticipantId' })
  from?: Relation<MeetingParticipant>;

  @Column({ type: 'integer' })
  toParticipantId: number;

  @ManyToOne(() => MeetingParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'toParticipantId' })
  to?: Relation<MeetingParticipant>;

  @Column({ type: 'text' })
  message: string;

  /** The achievement or demand the request is about (ids of the libraries; no relation, they may be deleted). */
  @Column({ type: 'integer', nullable: true })
  achievementId: number | null;

  @Column({ type: 'integer', nullable: true })
  demandId: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: RequestStatus;

  /** Placed first by the scheduler. */
  @Column({ type: 'boolean', default: false })
  prioritised: boolean;

  /** Who answered: the requested person, or an organiser on their behalf. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  answeredBy: 'participant' | 'organiser' | null;

  @Column({ type: Date, nullable: true })
  answeredAt: Date | null;

  /** Whether an organiser sent it on the requester's behalf. */
  @Column({ type: 'varchar', length: 16, default: 'participant' })
  sentBy: 'participant' | 'organiser';

  @CreateDateColumn()
  createdAt: Date;
}
