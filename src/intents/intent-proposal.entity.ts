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
import { Event } from '../events/event.entity.js';
import { Registration } from '../registration/registration.entity.js';
import type { IntentKind } from './intent.entity.js';

export const PROPOSAL_STATUSES = ['pending', 'confirmed', 'declined', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/**
 * An intent proposed at the negotiation table from one party's phone (the personal page). It shows a short code;
 * the other party enters it on their own page and confirms (the intent is created) or declines. Until then it is
 * only a proposal, not an intent.
 */
@Entity('intent_proposals')
@Index(['proposerRegistrationId'])
@Index(['counterpartRegistrationId'])
export class IntentProposal {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  /** What the other party types to find it (unambiguous letters and digits). */
  @Column({ type: 'varchar', length: 12, unique: true })
  code: string;

  @Column({ type: 'integer' })
  proposerRegistrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposerRegistrationId' })
  proposer?: Relation<Registration>;

  /** Who answered (set on confirmation or refusal). */
  @Column({ type: 'integer', nullable: true })
  counterpartRegistrationId: number | null;

  @ManyToOne(() => Registration, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'counterpartRegistrationId' })
  counterpart?: Relation<Registration> | null;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 24 })
  kind: IntentKind;

  @Column({ type: 'integer', nullable: true })
  valueWan: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: ProposalStatus;

  /** The intent created on confirmation. */
  @Column({ type: 'integer', nullable: true })
  intentId: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  answeredAt: Date | null;
}
