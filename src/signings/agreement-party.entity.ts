import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { Agreement } from './agreement.entity.js';
import type { PartySide } from './domain/agreement-status.js';

/**
 * A party to an agreement: a directory organisation, the person who signs for it with the title they sign under
 * (kept here, as printed on the nameplate that day), and where they sit: left or right of the signing table.
 */
@Entity('signing_agreement_parties')
@Index(['agreementId', 'organisationId'], { unique: true })
export class AgreementParty {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  agreementId: number;

  @ManyToOne(() => Agreement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreementId' })
  agreement?: Relation<Agreement>;

  @Column({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisationId' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'integer', nullable: true })
  signatoryPersonId: number | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'signatoryPersonId' })
  signatory?: Relation<Person> | null;

  /** 职务 as signed under, e.g. 主任. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  signatoryTitle: string | null;

  @Column({ type: 'varchar', length: 8 })
  side: PartySide;

  /** Order among the agreement's parties (as named in its title; seats follow it on each side). */
  @Column({ type: 'integer' })
  position: number;
}
