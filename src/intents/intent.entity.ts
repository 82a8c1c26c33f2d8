import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { Event } from '../events/event.entity.js';
import { INTENT_STAGES, type IntentStage } from './domain/stages.js';
import type { DropReason, IntentKind, SourceKind, SubjectKind } from './domain/vocabulary.js';
import type { IntentParty } from './intent-party.entity.js';

export { INTENT_STAGES, type IntentStage };
export {
  DROP_REASONS,
  INTENT_KINDS,
  SOURCE_KINDS,
  SUBJECT_KINDS,
  type DropReason,
  type IntentKind,
  type SourceKind,
  type SubjectKind,
} from './domain/vocabulary.js';

/**
 * A cooperation intent (合作意向) followed to its end: signed (签约) and landed (落地), or dropped. Its stage history
 * is kept in `intent_stage_changes` (append-only); the columns `reachedRank` … `droppedAt` summarise that history
 * (the furthest stage reached and when each stage was first reached) so that the funnel is grouped queries on this
 * table alone; they are recomputed from the history on every change.
 */
@Entity('intents')
@Index(['sourceKind', 'sourceId'], { unique: true })
@Index(['eventId', 'stage'])
@Index(['stage', 'nextFollowUpOn'])
export class Intent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 24 })
  subjectKind: SubjectKind;

  /** The achievement, demand, roadshow project, meeting or agreement the intent is about. */
  @Column({ type: 'integer', nullable: true })
  subjectId: number | null;

  /** What it is about in words (always for free text; a description otherwise). */
  @Column({ type: 'text', nullable: true })
  subjectText: string | null;

  @Column({ type: 'varchar', length: 24 })
  kind: IntentKind;

  /** Estimated value in 万元 (ten thousand yuan). */
  @Column({ type: 'integer', nullable: true })
  valueWan: number | null;

  /** The event where it arose; null for intents that start between events. */
  @Column({ type: 'integer', nullable: true })
  eventId: number | null;

  @ManyToOne(() => Event, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event> | null;

  /** A match category code (electronics, new_energy, …), for filters and breakdowns. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  category: string | null;

  /** City or region where the cooperation would happen (德阳, 四川·眉山, …). */
  @Column({ type: 'varchar', length: 60, nullable: true })
  city: string | null;

  /** The owner is an organiser's account … */
  @Column({ type: 'integer', nullable: true })
  ownerUserId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'ownerUserId' })
  ownerUser?: Relation<User> | null;

  /** … or an organisation (a city office) with a contact person. */
  @Column({ type: 'integer', nullable: true })
  ownerOrganisationId: number | null;

  @ManyToOne(() => Organisation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'ownerOrganisationId' })
  ownerOrganisation?: Relation<Organisation> | null;

  @Column({ type: 'integer', nullable: true })
  ownerPersonId: number | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'ownerPersonId' })
  ownerPerson?: Relation<Person> | null;

  /** The next follow-up, a calendar day "YYYY-MM-DD" (China time). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  nextFollowUpOn: string | null;

  @Column({ type: 'varchar', length: 16 })
  stage: IntentStage;

  @Column({ type: 'varchar', length: 200, nullable: true })
  landedPlace: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  landedOn: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  droppedReason: DropReason | null;

  @Column({ type: 'text', nullable: true })
  droppedNote: string | null;

  @Column({ type: 'varchar', length: 20 })
  sourceKind: SourceKind;

  /** The id of an automatic source (proposal, meeting, agreement, roadshow lead); null otherwise. */
  @Column({ type: 'integer', nullable: true })
  sourceId: number | null;

  /** The agreement signed for it at a ceremony (linked both ways: the agreement names this intent). */
  @Column({ type: 'integer', nullable: true, unique: true })
  agreementId: number | null;

  // ---- the history's summary (recomputed from intent_stage_changes on every change)

  /** The furthest stage reached: 0 intent, 1 negotiating, 2 signed, 3 landed (dropped does not count). */
  @Column({ type: 'integer', default: 0 })
  reachedRank: number;

  /** When each stage was first reached (null: never, or skipped). */
  @Column({ type: Date, nullable: true })
  intentAt: Date | null;

  @Column({ type: Date, nullable: true })
  negotiatingAt: Date | null;

  @Column({ type: Date, nullable: true })
  signedAt: Date | null;

  @Column({ type: Date, nullable: true })
  landedAt: Date | null;

  @Column({ type: Date, nullable: true })
  droppedAt: Date | null;

  /** The last stage change. */
  @Column({ type: Date })
  stageChangedAt: Date;

  /** The last thing done: a stage change, a follow-up, an edit. Idle reminders count from here. */
  @Column({ type: Date })
  lastActivityAt: Date;

  @Column({ type: 'integer', nullable: true })
  createdByUserId: number | null;

  @OneToMany('IntentParty', (party: IntentParty) => party.intent)
  parties?: Relation<IntentParty>[];

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
