import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import type { LibraryItemStatus } from './achievement.entity.js';

/**
 * A demand (需求) of the library kept across events: a need published by a city or an enterprise, possibly as an
 * open call (揭榜挂帅) that solvers bid for. Budgets are in 万元 (10,000 yuan); the deadline is a local date.
 */
@Entity('demands')
@Index(['status', 'categoryCode'])
@Index('IDX_demands_search', { synchronize: false })
export class Demand {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 40 })
  categoryCode: string;

  /** The city government or enterprise that publishes the demand. */
  @Column({ type: 'integer' })
  publisherOrganisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'publisherOrganisationId' })
  publisher?: Relation<Organisation>;

  /** The city the demand comes from (成都, 德阳, …). */
  @Column({ type: 'varchar', length: 50, nullable: true })
  city: string | null;

  @Column({ type: 'integer', nullable: true })
  budgetMin: number | null;

  @Column({ type: 'integer', nullable: true })
  budgetMax: number | null;

  /** YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  deadline: string | null;

  @Column({ type: 'boolean', default: false })
  openCall: boolean;

  @Column({ type: 'integer', nullable: true })
  contactPersonId: number | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'contactPersonId' })
  contact?: Relation<Person> | null;

  @Column({ type: 'varchar', length: 10, default: 'active' })
  status: LibraryItemStatus;

  @Column({ type: 'varchar', length: 40, nullable: true })
  importId: string | null;

  @Column({ type: 'text', default: '' })
  searchTitle: string;

  @Column({ type: 'text', default: '' })
  searchText: string;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
