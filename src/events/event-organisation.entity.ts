import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organisation } from '../directory/organisation.entity.js';
import { Event } from './event.entity.js';

export const EVENT_ORGANISATION_ROLES = ['host', 'organiser', 'supporter'] as const;
/** 主办 host, 承办 organiser, 协办 supporter. */
export type EventOrganisationRole = (typeof EVENT_ORGANISATION_ROLES)[number];

@Entity('event_organisations')
@Index(['eventId', 'organisationId', 'role'], { unique: true })
export class EventOrganisation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisationId' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'varchar', length: 16 })
  role: EventOrganisationRole;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
