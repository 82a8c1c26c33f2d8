import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Event } from './event.entity.js';

export const VENUE_KINDS = ['main', 'sub'] as const;
/** 主会场 main venue or 分会场 sub-venue. */
export type VenueKind = (typeof VENUE_KINDS)[number];

@Entity('venues')
export class Venue {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  @Column({ type: 'varchar', length: 8 })
  kind: VenueKind;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  addressEn: string | null;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
