import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Event } from '../events/event.entity.js';

/** The registration form of one event: when it is open, the overall capacity, the consent wording. */
@Entity('registration_settings')
export class RegistrationSettings {
  @PrimaryColumn({ type: 'integer' })
  eventId: number;

  @OneToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: Date, nullable: true })
  opensAt: Date | null;

  @Column({ type: Date, nullable: true })
  closesAt: Date | null;

  /** Overall seats; null: only the categories' capacities apply. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  /** Seats taken (confirmed registrations), kept by conditional updates so concurrent requests never oversell. */
  @Column({ type: 'integer', default: 0 })
  confirmedCount: number;

  @Column({ type: 'text' })
  consentText: string;

  @Column({ type: 'text', nullable: true })
  consentTextEn: string | null;
}
