import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { EventSeries } from './event-series.entity.js';

export const EVENT_STATUSES = ['draft', 'published', 'closed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** One event (one edition of a series, or a stand-alone event), over one or several days, stored in UTC. */
@Entity('events')
export class Event {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 80, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  /** Short title (简称) for email subjects, badges, the scanner header and narrow screens; the title when absent. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  shortTitle: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  shortTitleEn: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  theme: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  themeEn: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  descriptionEn: string | null;

  @Column({ type: 'integer', nullable: true })
  seriesId: number | null;

  @ManyToOne(() => EventSeries, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'seriesId' })
  series?: Relation<EventSeries> | null;

  @Column({ type: 'integer', nullable: true })
  edition: number | null;

  @Column({ type: Date })
  startsAt: Date;

  @Column({ type: Date })
  endsAt: Date;

  /** IANA time zone in which the event's times are shown. */
  @Column({ type: 'varchar', length: 64, default: 'Asia/Shanghai' })
  timezone: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: EventStatus;

  @Column({ type: Date, nullable: true })
  publishedAt: Date | null;

  @Column({ type: Date, nullable: true })
  closedAt: Date | null;

  /**
   * Set when the event was called off after people registered: it is closed for good (archived, never reopened),
   * its registrations are cancelled and everyone was told; nothing of theirs is deleted.
   */
  @Column({ type: Date, nullable: true })
  cancelledAt: Date | null;

  /** What the attendees were told (the organiser's words), when the event was cancelled. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationReason: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
