import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { RoadshowCriterion } from './roadshow-criterion.entity.js';
import { RoadshowJudge } from './roadshow-judge.entity.js';
import { RoadshowProject } from './roadshow-project.entity.js';

/** One judge's score (1–10) of one project on one criterion; scoring again replaces it. */
@Entity('roadshow_scores')
@Index(['judgeId', 'projectId', 'criterionId'], { unique: true })
@Index(['projectId'])
export class RoadshowScore {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  judgeId: number;

  @ManyToOne(() => RoadshowJudge, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'judgeId' })
  judge?: Relation<RoadshowJudge>;

  @Column({ type: 'integer' })
  projectId: number;

  @ManyToOne(() => RoadshowProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'projectId' })
  project?: Relation<RoadshowProject>;

  @Column({ type: 'integer' })
  criterionId: number;

  @ManyToOne(() => RoadshowCriterion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'criterionId' })
  criterion?: Relation<RoadshowCriterion>;

  @Column({ type: 'integer' })
  score: number;

  @UpdateDateColumn()
  updatedAt: Date;
}
