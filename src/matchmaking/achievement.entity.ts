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

export const MATURITIES = ['lab', 'pilot', 'small_batch', 'mass_production'] as const;
export type Maturity = (typeof MATURITIES)[number];

export const TRANSFER_MODES = ['transfer', 'licence', 'equity', 'joint_development', 'order'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

/** `staged`: written by a large import that has not finished yet, invisible everywhere until its final switch. */
export const LIBRARY_ITEM_STATUSES = ['active', 'staged'] as const;
export type LibraryItemStatus = (typeof LIBRARY_ITEM_STATUSES)[number];

/**
 * An achievement (成果) of the library kept across events: a technology on offer. `searchTitle`/`searchText` hold
 * the segmented title and the segmented title + text (space-separated terms) that SQLite FTS5 and PostgreSQL
 * full-text index; they are written by the service, never by clients.
 */
@Entity('achievements')
@Index(['status', 'categoryCode'])
@Index('IDX_achievements_search', { synchronize: false })
export class Achievement {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'varchar', length: 40 })
  categoryCode: string;

  @Column({ type: 'varchar', length: 20 })
  maturity: Maturity;

  @Column({ type: 'simple-json' })
  transferModes: TransferMode[];

  @Column({ type: 'integer' })
  ownerOrganisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ownerOrganisationId' })
  owner?: Relation<Organisation>;

  @Column({ type: 'integer', nullable: true })
  contactPersonId: number | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'contactPersonId' })
  contact?: Relation<Person> | null;

  @Column({ type: 'simple-json' })
  keywords: string[];

  @Column({ type: 'text', nullable: true })
  patents: string | null;

  @Column({ type: 'text', nullable: true })
  cooperationSought: string | null;

  @Column({ type: 'varchar', length: 10, default: 'active' })
  status: LibraryItemStatus;

  /** The import job that staged it (null once visible or when created one by one). */
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
