import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface StoredAttachment {
  filename: string;
  contentType: string;
  /** base64; absent when the attachment is drawn at sending (`qr`). */
  content?: string;
  /**
   * A QR code drawn as a PNG by the mail worker when it sends the message (the badge in a confirmation): the outbox
   * keeps the code, not the image, so that a registration does not pay for drawing it.
   */
  qr?: string;
  /** Content-ID for inline images referenced as cid: in the HTML. */
  cid?: string;
}

/**
 * One email, written in the same transaction as the change that causes it and sent later by the mail worker.
 * The Message-ID is fixed at creation, so a resend after a crash is recognisable as the same message.
 */
@Entity('outbox_messages')
@Index(['status', 'nextAttemptAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200, unique: true })
  messageId: string;

  /** What caused it: registration_confirmed, waitlist_promoted, … */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'integer', nullable: true })
  eventId: number | null;

  /** Indexed: an import holds and releases its rows' emails by registration, a resend looks for a recent link. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  registrationId: number | null;

  @Column({ type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  toName: string | null;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  /** The HTML part; null when the message is joined from a shared body (`bodyHash`) and its `bodyValues`. */
  @Column({ type: 'text', nullable: true })
  html: string | null;

  /** The plain-text part; null as `html`. */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  /** The shared body (`MailBody`) this message's HTML and text are joined from, with `bodyValues`. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  bodyHash: string | null;

  /** The recipient's values that go into the shared body, by name. */
  @Column({ type: 'simple-json', nullable: true })
  bodyValues: Record<string, string> | null;

  @Column({ type: 'simple-json', nullable: true })
  attachments: StoredAttachment[] | null;

  /** An iTIP calendar object (METHOD:REQUEST or CANCEL), sent as a text/calendar alternative. */
  @Column({ type: 'text', nullable: true })
  calendar: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  calendarMethod: 'REQUEST' | 'CANCEL' | null;

  @Column({ type: 'varchar', length: 8, default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: Date })
  nextAttemptAt: Date;

  /** A worker holds a message while sending; an expired lease means that worker died. */
  @Column({ type: Date, nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;
}
