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
import { CheckInList } from './check-in-list.entity.js';
import type { CheckInResult, CheckInSource } from './check-in-result.js';

/** What a scan was answered, stored with it so that a retry with the same nonce gets the same answer. */
export interface StoredAnswer {
  result: CheckInResult;
  attendee?: {
    registrationId: number;
    name: string;
    organisation: string;
    title: string | null;
    category: { id: number; code: string; name: string; nameEn: string | null; colour: string };
  };
  firstCheckIn?: { at: string; deviceId: string | null; deviceName: string | null; listId: number };
  listId: number;
}

/**
 * One decided scan, successful or refused. The first successful check-in of a registration on a list carries
 * `firstOf` = the registration id: a unique index on (listId, firstOf) makes "exactly one first check-in" a property
 * of the database, whatever number of devices scan at once. A unique index on (eventId, nonceScope, nonce) makes a
 * device's retries idempotent, and only its own: another device's nonce never answers for it.
 */
@Entity('check_ins')
@Index(['eventId', 'nonceScope', 'nonce'], { unique: true })
@Index(['listId', 'firstOf'], { unique: true })
@Index(['eventId', 'result', 'scannedAt'])
@Index(['listId', 'registrationId'])
export class CheckIn {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @Column({ type: 'integer' })
  listId: number;

  @ManyToOne(() => CheckInList, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listId' })
  list?: Relation<CheckInList>;

  @Column({ type: 'integer', nullable: true })
  registrationId: number | null;

  // RESTRICT: who came in when is kept as long as the registration it belongs to; nothing deletes it with another row.
  @ManyToOne(() => Registration, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'registrationId' })
  registration?: Relation<Registration> | null;

  @Column({ type: 'integer', nullable: true })
  badgeId: number | null;

  @Column({ type: 'varchar', length: 24 })
  result: CheckInResult;

  /** The registration id on the first successful check-in of a registration on this list, null on every other row. */
  @Column({ type: 'integer', nullable: true })
  firstOf: number | null;

  @Column({ type: 'varchar', length: 16 })
  source: CheckInSource;

  /** The client's idempotency key (one per scan, kept across retries and offline uploads). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  nonce: string | null;

  /** Whose nonce it is: a paired device (`device:<id>`) or a signed-in person's device (`user:<id>:<deviceId>`). */
  @Column({ type: 'varchar', length: 100, default: '' })
  nonceScope: string;

  /** The scanning device as the client names itself, and a readable label (a paired device's name, a staff name). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  deviceId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  deviceName: string | null;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'integer', nullable: true })
  pairedDeviceId: number | null;

  /** When the device scanned (offline uploads arrive later), if believable; else when the server received it. */
  @Column({ type: Date })
  scannedAt: Date;

  /** The device's time of the scan when it was not believed: outside the event's days, or ahead of the server. */
  @Column({ type: Date, nullable: true })
  claimedAt: Date | null;

  /** What an offline device decided on its own, when it differs from nothing: kept beside the server's decision. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  localResult: CheckInResult | null;

  /**
   * Shown to organisers: an offline device let the person in but the server decided otherwise (another scan had
   * already done so), or an offline scan's time was not believed (`claimedAt`).
   */
  @Column({ type: 'boolean', default: false })
  flagged: boolean;

  @Column({ type: 'simple-json' })
  answer: StoredAnswer;

  @CreateDateColumn()
  createdAt: Date;
}
