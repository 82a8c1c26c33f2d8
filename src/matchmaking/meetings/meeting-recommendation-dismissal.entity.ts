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

/** A participant's "not for me" on one recommended person: that person is not recommended to them again. */
@Entity('meeting_recommendation_dismissals')
@Index(['participantId', 'dismissedParticipantId'], { unique: true })
export class MeetingRecommendationDismissal {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  participantId: number;

  @ManyToOne(() => MeetingParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participantId' })
  participant?: Relation<MeetingParticipant>;

  @Column({ type: 'integer' })
  dismissedParticipantId: number;

  @ManyToOne(() => MeetingParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dismissedParticipantId' })
  dismissedParticipant?: Relation<MeetingParticipant>;

  @CreateDateColumn()
  createdAt: Date;
}
