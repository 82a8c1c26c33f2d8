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
import { Organisation } from './organisation.entity.js';

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

  @Index()
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

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
