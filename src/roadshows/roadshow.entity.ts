import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Session } from '../agenda/session.entity.js';
import { Event } from '../events/event.entity.js';

/**
 * The running order of one agenda session of kind `roadshow` (项目路演): its projects in order, each pitch's start
 * computed from the session start (domain/running-order.ts), the judges' criteria.
 */
@Entity('roadshows')
export class Roadshow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer', unique: true })
  agendaSessionId: number;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agendaSessionId' })
  agendaSession?: Relation<Session>;

  /** Minutes between two projects (the next presenter walks on, the slides change). */
  @Column({ type: 'integer', default: 0 })
  changeoverMinutes: number;

  /** Overrun warnings the organiser accepted, by key (a different overrun is asked about again). */
  @Column({ type: 'simple-json', nullable: true })
  acceptedWarnings: string[] | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
