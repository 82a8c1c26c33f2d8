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
import type { Maturity } from '../matchmaking/achievement.entity.js';
import { Roadshow } from './roadshow.entity.js';

/** What a project seeks from the audience (several may apply). */
export const PROJECT_SEEKS = ['financing', 'partners', 'land', 'orders'] as const;
export type ProjectSeek = (typeof PROJECT_SEEKS)[number];

/**
 * One project pitched at a roadshow: name, who presents it (a directory organisation and person), domain, stage,
 * what it seeks, pitch and Q&A minutes, an optional achievement of the library, slides. `publicToken` is the opaque
 * id its QR code carries (no personal data); the presenter's link is signed (RoadshowLinks).
 */
@Entity('roadshow_projects')
@Index(['roadshowId', 'position'])
export class RoadshowProject {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  roadshowId: number;

  @ManyToOne(() => Roadshow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roadshowId' })
  roadshow?: Relation<Roadshow>;

  /** 0-based place in the running order. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  nameEn: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  summaryEn: string | null;

  @Column({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisationId' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'integer', nullable: true })
  presenterId: number | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'presenterId' })
  presenter?: Relation<Person> | null;

  /** A match category code (electronics, materials, …). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  categoryCode: string | null;

  /** The achievements' maturity scale: lab, pilot, small_batch, mass_production. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  stage: Maturity | null;

  @Column({ type: 'simple-json' })
  seeks: ProjectSeek[];

  @Column({ type: 'integer' })
  pitchMinutes: number;

  @Column({ type: 'integer', default: 0 })
  qaMinutes: number;

  /** The achievement of the library it presents (an id: the library may delete it; the project stays). */
  @Column({ type: 'integer', nullable: true })
  achievementId: number | null;

  /** The opaque id in the project's QR code and page address. */
  @Column({ type: 'varchar', length: 32, unique: true })
  publicToken: string;

  /** Raised to revoke the presenter's link. */
  @Column({ type: 'integer', default: 1 })
  presenterLinkVersion: number;

  /** Slides: their name, size and upload time (the bytes are in roadshow_slides). */
  @Column({ type: 'integer', nullable: true })
  slidesBytes: number | null;

  @Column({ type: Date, nullable: true })
  slidesUploadedAt: Date | null;

  /** When the presenter's leads email was written to the outbox (once, after the session). */
  @Column({ type: Date, nullable: true })
  leadsMailedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
