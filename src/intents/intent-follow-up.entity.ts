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
import { Intent } from './intent.entity.js';

/** A dated note of the follow-up log (a call, a visit, a document received), with its attachments. */
@Entity('intent_follow_ups')
@Index(['intentId', 'id'])
export class IntentFollowUp {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  intentId: number;

  @ManyToOne(() => Intent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intentId' })
  intent?: Relation<Intent>;

  /** The day it happened, "YYYY-MM-DD". */
  @Column({ type: 'varchar', length: 10 })
  happenedOn: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ type: 'varchar', length: 40 })
  actor: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
