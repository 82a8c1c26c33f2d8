import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Event } from '../events/event.entity.js';

export const QUESTION_KINDS = ['text', 'single', 'multiple'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface QuestionOption {
  value: string;
  label: string;
  labelEn?: string;
}

/** A custom question of an event's registration form (industries of interest, what you offer / seek, …). */
@Entity('registration_questions')
export class RegistrationQuestion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  /** Stable key of the answer in `answers` (e.g. "industries"). */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  kind: QuestionKind;

  @Column({ type: 'varchar', length: 300 })
  label: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  labelEn: string | null;

  @Column({ type: 'simple-json', nullable: true })
  options: QuestionOption[] | null;

  @Column({ type: 'boolean', default: false })
  required: boolean;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
