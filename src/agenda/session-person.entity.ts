import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '../directory/person.entity.js';
import { Session } from './session.entity.js';

export const SESSION_ROLES = ['chair', 'speaker', 'guest', 'witness'] as const;
/** 主持 chair, speaker, 嘉宾 guest, 见证 witness. */
export type SessionRole = (typeof SESSION_ROLES)[number];

/** A person on a session, in a role, in order. */
@Entity('session_people')
@Index(['sessionId', 'personId', 'role'], { unique: true })
export class SessionPerson {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  sessionId: number;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sessionId' })
  session?: Relation<Session>;

  @Index()
  @Column({ type: 'integer' })
  personId: number;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'personId' })
  person?: Relation<Person>;

  @Column({ type: 'varchar', length: 16 })
  role: SessionRole;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
