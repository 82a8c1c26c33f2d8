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
import { Event } from '../../events/event.entity.js';
import { Registration } from '../../registration/registration.entity.js';
import type { OverrideAction } from '../recommendation-override.entity.js';

/**
 * An organiser's word on one people recommendation at an event, as RecommendationOverride is for the lists: `pin`
 * puts `to` first among the people recommended to `from`, `hide` keeps `to` out of them. Between registrations, so it
 * holds in every meeting session of the event; one per (from, to).
 */
@Entity('meeting_recommendation_overrides')
@Index(['fromRegistrationId', 'toRegistrationId'], { unique: true })
@Index(['eventId'])
export class MeetingRecommendationOverride {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer' })
  fromRegistrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fromRegistrationId' })
  from?: Relation<Registration>;

  @Column({ type: 'integer' })
  toRegistrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'toRegistrationId' })
  to?: Relation<Registration>;

  @Column({ type: 'varchar', length: 8 })
  action: OverrideAction;

  @CreateDateColumn()
  createdAt: Date;
}
