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
import { Registration } from '../registration/registration.entity.js';
import { Session } from './session.entity.js';

/** An attendee follows a session: it joins their personal agenda and calendar, and they hear of its changes. */
@Entity('session_stars')
@Index(['registrationId', 'sessionId'], { unique: true })
export class SessionStar {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registrationId' })
  registration?: Relation<Registration>;

  @Index()
  @Column({ type: 'integer' })
  sessionId: number;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sessionId' })
  session?: Relation<Session>;

  @CreateDateColumn()
  createdAt: Date;
}
