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

export const BADGE_LAYOUTS = ['a6', 'card'] as const;
/** A6 (105 × 148 mm, four per A4 page) or business card (85 × 55 mm, ten per A4 page). */
export type BadgeLayout = (typeof BADGE_LAYOUTS)[number];

/** One badge sent to the printer: the log of prints and reprints. Printing never checks anyone in. */
@Entity('badge_prints')
@Index(['eventId', 'registrationId'])
export class BadgePrint {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registrationId' })
  registration?: Relation<Registration>;

  @Column({ type: 'integer' })
  badgeId: number;

  @Column({ type: 'varchar', length: 8 })
  layout: BadgeLayout;

  /** True when this registration had been printed before. */
  @Column({ type: 'boolean', default: false })
  reprint: boolean;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @CreateDateColumn()
  printedAt: Date;
}
