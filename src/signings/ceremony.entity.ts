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
import { Session } from '../agenda/session.entity.js';
import { Organisation } from '../directory/organisation.entity.js';
import { Event } from '../events/event.entity.js';
import type { StagePhase } from './domain/stage.js';
import type { SummaryTotals } from './domain/totals.js';

/**
 * A signing ceremony (签约仪式): an agenda session's ordered agreements, how long each signing takes on stage, the
 * totals recorded for signings that are not itemised, and where the hall screen stands.
 */
@Entity('signing_ceremonies')
@Index(['agendaSessionId'], { unique: true })
export class SigningCeremony {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer' })
  agendaSessionId: number;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agendaSessionId' })
  agendaSession?: Relation<Session>;

  /** The organisation signing with its partners (e.g. 西部转化中心): the strategic partners counted are its partners. */
  @Column({ type: 'integer', nullable: true })
  hostOrganisationId: number | null;

  @ManyToOne(() => Organisation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'hostOrganisationId' })
  hostOrganisation?: Relation<Organisation> | null;

  /** Opening remarks before the first signing, in minutes. */
  @Column({ type: 'integer', default: 2 })
  openingMinutes: number;

  /** How long one signing takes on stage unless the agreement says otherwise. */
  @Column({ type: 'integer', default: 5 })
  minutesPerSigning: number;

  /** Signings recorded as totals only (the Suzhou summit's 45 projects, 6 strategic partners); never added to the counted ones. */
  @Column({ type: 'simple-json', nullable: true })
  summary: SummaryTotals | null;

  /** The hall screen: opening, one agreement, or closing. */
  @Column({ type: 'varchar', length: 16, default: 'opening' })
  stagePhase: StagePhase;

  /** The agreement on the screen while the phase is `agreement` (kept by the service, no foreign key). */
  @Column({ type: 'integer', nullable: true })
  currentAgreementId: number | null;

  /** The screen link's version: bumping it revokes the link a hall PC holds. */
  @Column({ type: 'integer', default: 1 })
  screenVersion: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
