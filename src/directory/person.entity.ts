import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Organisation, organisationNameKey } from './organisation.entity.js';

/**
 * A person known to the organisers: speaker, chair, signatory, attendee, intent party.
 * Modelled once so that every later capability refers to the same people.
 */
@Entity('people')
export class Person {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  /** Not indexed: a person is found by email through `personKey` (`email:<address>`), whose index is unique. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /**
   * How the directory recognises this person (see `personKey`): by email, or without one by name and organisation.
   * Unique, so that two transactions resolving the same new person end with one row. Null only on records that
   * duplicated an older one before the key existed (they keep their history; resolving finds the older one).
   */
  @Column({ type: 'varchar', length: 320, nullable: true, unique: true })
  personKey: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  /** Job title (职务), e.g. 副局长. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

  /** The job title in English (e.g. Deputy Administrator), shown on English pages. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  titleEn: string | null;

  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @ManyToOne(() => Organisation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organisationId' })
  organisation?: Relation<Organisation> | null;

  @CreateDateColumn()
  createdAt: Date;
}

/**
 * The key a person is recognised by: `email:<address>` (NFKC, lower case), or, with no email,
 * `name:<organisationId or 0>:<name>` with the name normalised as organisation names are.
 */
export function personKey(person: { name: string; email?: string | null; organisationId?: number | null }): string {
  const email = person.email?.normalize('NFKC').trim().toLowerCase();
  if (email) return `email:${email}`;
  return `name:${person.organisationId ?? 0}:${organisationNameKey(person.name)}`;
}
