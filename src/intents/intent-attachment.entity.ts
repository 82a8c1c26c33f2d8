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
import { IntentFollowUp } from './intent-follow-up.entity.js';

/**
 * A file of a follow-up (a contract, a registration certificate): PDF, PNG, JPEG or .docx, checked by its bytes.
 * Kept in the database (base64) so that every instance serves it; read only when downloaded.
 */
@Entity('intent_attachments')
@Index(['followUpId'])
@Index(['intentId'])
export class IntentAttachment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  followUpId: number;

  @ManyToOne(() => IntentFollowUp, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'followUpId' })
  followUp?: Relation<IntentFollowUp>;

  @Column({ type: 'integer' })
  intentId: number;

  @Column({ type: 'varchar', length: 200 })
  filename: string;

  /** From the file's bytes, never from what the browser said. */
  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'text', select: false })
  content: string;

  @CreateDateColumn()
  createdAt: Date;
}
