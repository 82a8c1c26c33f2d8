import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Roadshow } from './roadshow.entity.js';

/** One of the organiser's scoring criteria (创新性, 市场前景, …) with its weight; judges score each 1–10. */
@Entity('roadshow_criteria')
@Index(['roadshowId', 'position'])
export class RoadshowCriterion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  roadshowId: number;

  @ManyToOne(() => Roadshow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roadshowId' })
  roadshow?: Relation<Roadshow>;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nameEn: string | null;

  @Column({ type: 'integer' })
  weight: number;

  @Column({ type: 'integer', default: 0 })
  position: number;
}
