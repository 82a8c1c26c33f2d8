import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation, type ValueTransformer } from 'typeorm';
import { RoadshowProject } from './roadshow-project.entity.js';

/** Bytes kept as base64 text: one portable column type on SQLite and PostgreSQL. */
const BASE64: ValueTransformer = {
  to: (value: Buffer | undefined) => (value === undefined ? undefined : value.toString('base64')),
  from: (value: string | null) => (value === null ? null : Buffer.from(value, 'base64')),
};

/**
 * A project's slides (PDF, checked by its first bytes and size). In the database rather than on disk, so that every
 * instance sharing a PostgreSQL serves them; in their own table, so that reading projects never loads them.
 */
@Entity('roadshow_slides')
export class RoadshowSlides {
  @PrimaryColumn({ type: 'integer' })
  projectId: number;

  @OneToOne(() => RoadshowProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'projectId' })
  project?: Relation<RoadshowProject>;

  @Column({ type: 'text', transformer: BASE64 })
  data: Buffer;
}
