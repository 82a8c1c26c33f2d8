import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The shared part of many emails: a message rendered once with stand-ins where each recipient's values go (name,
 * personal link, badge content id), split into pieces (`MailRenderer.piecesFor`). Outbox messages of a burst of
 * registrations refer to it by `hash` and keep only their own values, instead of each keeping its whole HTML and text.
 * Addressed by content (the SHA-256 of `content`): written once, never changed. Holds no personal data.
 */
@Entity('mail_bodies')
export class MailBody {
  /** SHA-256 of `content`, hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash: string;

  /** JSON: `{ names, html, text }`, where html and text alternate text and the index of a value in `names`. */
  @Column({ type: 'text' })
  content: string;

  @CreateDateColumn()
  createdAt: Date;
}
