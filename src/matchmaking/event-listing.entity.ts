import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Event } from '../events/event.entity.js';

export const LISTING_KINDS = ['achievement', 'demand'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];

/**
 * An item of the libraries published in a list at an event (成都都市圈重点产业成果清单, a city's 需求清单). The item
 * stays in the library; the listing is what the event shows, in its order.
 */
@Entity('event_listings')
@Index(['eventId', 'kind', 'itemId'], { unique: true })
@Index(['kind', 'itemId'])
export class EventListing {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'varchar', length: 12 })
  kind: ListingKind;

  @Column({ type: 'integer' })
  itemId: number;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  listName: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  listNameEn: string | null;
}
