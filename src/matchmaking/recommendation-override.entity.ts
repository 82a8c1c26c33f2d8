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
import type { ListingKind } from './event-listing.entity.js';

export const OVERRIDE_ACTIONS = ['pin', 'hide'] as const;
export type OverrideAction = (typeof OVERRIDE_ACTIONS)[number];

/**
 * An organiser's word on one recommendation at an event: `pin` puts the item first among the recommendations for
 * the other one, `hide` keeps it out of them. One per (event, from, to).
 */
@Entity('recommendation_overrides')
@Index(['eventId', 'fromKind', 'fromId', 'toKind', 'toId'], { unique: true })
export class RecommendationOverride {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'varchar', length: 12 })
  fromKind: ListingKind;

  @Column({ type: 'integer' })
  fromId: number;

  @Column({ type: 'varchar', length: 12 })
  toKind: ListingKind;

  @Column({ type: 'integer' })
  toId: number;

  @Column({ type: 'varchar', length: 8 })
  action: OverrideAction;

  @CreateDateColumn()
  createdAt: Date;
}
