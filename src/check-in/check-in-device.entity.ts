import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Event } from '../events/event.entity.js';
import { CheckInList } from './check-in-list.entity.js';

/**
 * A phone paired for one event and one list. An organiser issues a pairing code (shown once as a QR code); the first
 * device that opens it receives its own device token and the pairing code stops working. Both are stored as SHA-256.
 * Revoking stops the device at once.
 */
@Entity('check_in_devices')
export class CheckInDevice {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  @Column({ type: 'integer' })
  listId: number;

  @ManyToOne(() => CheckInList, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listId' })
  list?: Relation<CheckInList>;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64, unique: true, nullable: true })
  pairingTokenHash: string | null;

  @Column({ type: Date, nullable: true })
  pairingExpiresAt: Date | null;

  @Column({ type: 'varchar', length: 64, unique: true, nullable: true })
  tokenHash: string | null;

  @Column({ type: Date, nullable: true })
  pairedAt: Date | null;

  @Column({ type: Date, nullable: true })
  lastSeenAt: Date | null;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  createdByUserId: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
