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
import { Registration } from '../../registration/registration.entity.js';
import { MeetingSession } from './meeting-session.entity.js';

/** A registered attendee who opted in to a meeting session: what they offer and seek, and when they are free. */
@Entity('meeting_participants')
@Index(['meetingSessionId', 'registrationId'], { unique: true })
export class MeetingParticipant {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  meetingSessionId: number;

  @ManyToOne(() => MeetingSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meetingSessionId' })
  meetingSession?: Relation<MeetingSession>;

  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registrationId' })
  registration?: Relation<Registration>;

  @Column({ type: 'varchar', length: 500 })
  offer: string;

  @Column({ type: 'varchar', length: 500 })
  seek: string;

  /** Domain categories (e.g. 装备制造), as typed or chosen. */
  @Column({ type: 'simple-json', nullable: true })
  categories: string[] | null;

  /** Slot numbers the person is NOT available in (stored this way round: everyone is available by default). */
  @Column({ type: 'simple-json', nullable: true })
  unavailableSlots: number[] | null;

  /** False after opting out: requests and meetings stay for the record, the scheduler leaves them out. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
