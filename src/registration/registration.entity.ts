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
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { Event } from '../events/event.entity.js';
import { AttendeeCategory } from './attendee-category.entity.js';

export const REGISTRATION_STATUSES = ['confirmed', 'pending', 'waitlisted', 'rejected', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export type Answers = Record<string, string | string[]>;

/** One person's registration for one event. Holds a seat when confirmed. */
@Entity('registrations')
@Index(['eventId', 'email'], { unique: true })
@Index(['eventId', 'status', 'id'])
export class Registration {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  // RESTRICT: an event people registered for is cancelled, never deleted with their history (EventsService.remove).
  @ManyToOne(() => Event, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer' })
  categoryId: number;

  @ManyToOne(() => AttendeeCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'categoryId' })
  category?: Relation<AttendeeCategory>;

  @Column({ type: 'integer' })
  personId: number;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'personId' })
  person?: Relation<Person>;

  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @ManyToOne(() => Organisation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organisationId' })
  organisation?: Relation<Organisation> | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Lower case; one registration per email and event. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 200 })
  organisationName: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

  @Column({ type: 'simple-json', nullable: true })
  answers: Answers | null;

  @Column({ type: 'varchar', length: 8, default: 'zh-CN' })
  locale: 'zh-CN' | 'en';

  @Column({ type: 'varchar', length: 16 })
  status: RegistrationStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionReason: string | null;

  /** When the consent was given, and the exact wording agreed to. */
  @Column({ type: Date })
  consentAt: Date;

  @Column({ type: 'text' })
  consentText: string;

  /** Bumped to revoke the personal link: links carry the version they were made with. */
  @Column({ type: 'integer', default: 1 })
  linkVersion: number;

  /** SEQUENCE of the calendar invite last sent for the event. */
  @Column({ type: 'integer', default: 0 })
  inviteSequence: number;

  /** How the registration came in: the public form, the API, or an organiser's import. */
  @Column({ type: 'varchar', length: 16, default: 'form' })
  source: 'form' | 'api' | 'import';

  /**
   * Set while an import writes this row in its chunks (its emails held); cleared for all of the import's rows at once
   * by its last transaction. Rows still carrying an import id after a crash are removed again (RegistrationImportService).
   */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  importId: string | null;

  @Column({ type: Date, nullable: true })
  confirmedAt: Date | null;

  @Column({ type: Date, nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
