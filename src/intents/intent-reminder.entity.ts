import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const REMINDER_KINDS = ['follow_up', 'idle', 'digest'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * A reminder that was sent: one row per kind, target (`intent:<id>`, or the owner for digests) and day. The row is
 * the claim: it is inserted (insert-or-ignore on the unique key) in the transaction that writes the email to the
 * outbox, so that two instances racing for the same reminder produce one email.
 */
@Entity('intent_reminders')
@Index(['kind', 'targetKey', 'day'], { unique: true })
export class IntentReminder {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: ReminderKind;

  @Column({ type: 'varchar', length: 64 })
  targetKey: string;

  /** The follow-up date, the first day of the idle spell, or the Monday of the digest's week. */
  @Column({ type: 'varchar', length: 10 })
  day: string;

  /** A random value written by the claimer: reading it back tells who won. */
  @Column({ type: 'varchar', length: 36 })
  claim: string;

  @Column({ type: 'integer', nullable: true })
  intentId: number | null;

  @Column({ type: Date })
  sentAt: Date;
}
