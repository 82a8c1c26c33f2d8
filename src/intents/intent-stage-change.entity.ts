import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { IntentStage } from './domain/stages.js';
import { Intent } from './intent.entity.js';

/** What a stage change adds: where it landed, or why it was dropped. */
export interface StageChangeDetails {
  landedPlace?: string;
  landedOn?: string;
  droppedReason?: string;
  droppedNote?: string;
}

/**
 * One entry of an intent's stage history: who, when, from which stage to which, and why. Append-only: the code has
 * no path that updates or deletes an entry (test/e2e/intents.test.ts checks it); a mistake is corrected by a new
 * entry that names the one it corrects (`correctsId`), and the corrected entry then no longer counts for the funnel.
 * `fromStage` is null on the entry that created the intent.
 */
@Entity('intent_stage_changes')
@Index(['intentId', 'id'])
@Index(['correctsId'])
export class IntentStageChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  intentId: number;

  @ManyToOne(() => Intent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intentId' })
  intent?: Relation<Intent>;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStage: IntentStage | null;

  @Column({ type: 'varchar', length: 16 })
  toStage: IntentStage;

  @Column({ type: Date })
  at: Date;

  /** Who: `user:<id>`, `registration:<id>` (a party from the phone), `system:<source>` or `import`. */
  @Column({ type: 'varchar', length: 40 })
  actor: string;

  /** The actor's name at the time (accounts and people may be renamed later; the history is not). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The entry this one corrects (it then no longer counts): corrections are new entries. */
  @Column({ type: 'integer', nullable: true })
  correctsId: number | null;

  @Column({ type: 'simple-json', nullable: true })
  details: StageChangeDetails | null;
}
