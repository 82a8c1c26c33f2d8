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
import { Event } from '../events/event.entity.js';
import { Achievement } from '../matchmaking/achievement.entity.js';
import { Demand } from '../matchmaking/demand.entity.js';
import { Meeting } from '../matchmaking/meetings/meeting.entity.js';
import { SigningCeremony } from './ceremony.entity.js';
import type { AgreementKind, AgreementStatus } from './domain/agreement-status.js';

/**
 * One agreement signed on stage, in its place in the ceremony's order: what it is, who facilitated it (助推), where the
 * project lands (落地), the amount, its status with the time of each step, and the achievement, demand or meeting it
 * came from when there is one.
 */
@Entity('signing_agreements')
@Index(['ceremonyId', 'position'])
@Index(['eventId', 'status'])
export class Agreement {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  ceremonyId: number;

  @ManyToOne(() => SigningCeremony, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ceremonyId' })
  ceremony?: Relation<SigningCeremony>;

  /** The ceremony's event, for the event's totals in one query. */
  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  /** Order on stage (0-based, gapless within the ceremony). */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: AgreementKind;

  @Column({ type: 'integer', nullable: true })
  facilitatorOrganisationId: number | null;

  @ManyToOne(() => Organisation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'facilitatorOrganisationId' })
  facilitator?: Relation<Organisation> | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  landingProvince: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  landingCity: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  landingDistrict: string | null;

  /** 万元 (ten thousand yuan), when the parties make it public. */
  @Column({ type: 'double precision', nullable: true })
  amountWan: number | null;

  /** Minutes on stage for this signing; null: the ceremony's default. */
  @Column({ type: 'integer', nullable: true })
  minutes: number | null;

  @Column({ type: 'varchar', length: 16, default: 'planned' })
  status: AgreementStatus;

  @Column({ type: Date, nullable: true })
  confirmedAt: Date | null;

  @Column({ type: Date, nullable: true })
  signedAt: Date | null;

  @Column({ type: Date, nullable: true })
  withdrawnAt: Date | null;

  /** The organiser who marked it signed. */
  @Column({ type: 'integer', nullable: true })
  signedByUserId: number | null;

  @Column({ type: 'integer', nullable: true })
  achievementId: number | null;

  @ManyToOne(() => Achievement, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'achievementId' })
  achievement?: Relation<Achievement> | null;

  @Column({ type: 'integer', nullable: true })
  demandId: number | null;

  @ManyToOne(() => Demand, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'demandId' })
  demand?: Relation<Demand> | null;

  @Column({ type: 'integer', nullable: true })
  meetingId: number | null;

  @ManyToOne(() => Meeting, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'meetingId' })
  meeting?: Relation<Meeting> | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
