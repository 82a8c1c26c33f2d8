import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '../directory/person.entity.js';
import { Agreement } from './agreement.entity.js';

/** An official witnessing a signing on stage (见证), with the title they are introduced by. */
@Entity('signing_agreement_witnesses')
@Index(['agreementId', 'personId'], { unique: true })
export class AgreementWitness {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  agreementId: number;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreementId' })
  agreement?: Relation<Agreement>;

  @Column({ type: 'integer' })
  personId: number;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'personId' })
  person?: Relation<Person>;

  /** 职务 as introduced, e.g. 四川省同城化办公室主任. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

  @Column({ type: 'integer' })
  position: number;
}
