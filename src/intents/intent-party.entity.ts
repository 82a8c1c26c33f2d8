import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { Intent } from './intent.entity.js';

/** One party of an intent: a directory organisation and the person to talk to there. */
@Entity('intent_parties')
@Index(['intentId', 'organisationId'], { unique: true })
@Index(['organisationId'])
export class IntentParty {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  intentId: number;

  @ManyToOne(() => Intent, (intent) => intent.parties, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intentId' })
  intent?: Relation<Intent>;

  @Column({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisationId' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'integer', nullable: true })
  personId: number | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'personId' })
  person?: Relation<Person> | null;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
