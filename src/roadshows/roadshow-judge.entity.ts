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
import { Person } from '../directory/person.entity.js';
import { Roadshow } from './roadshow.entity.js';

/**
 * A person the organiser designated to score a roadshow (a directory person, whose organisation decides which
 * project they may not score). They score through their own signed link (RoadshowLinks), no account needed.
 */
@Entity('roadshow_judges')
@Index(['roadshowId', 'personId'], { unique: true })
export class RoadshowJudge {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  roadshowId: number;

  @ManyToOne(() => Roadshow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roadshowId' })
  roadshow?: Relation<Roadshow>;

  @Column({ type: 'integer' })
  personId: number;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'personId' })
  person?: Relation<Person>;

  /** Raised to revoke the judge's link. */
  @Column({ type: 'integer', default: 1 })
  linkVersion: number;

  @CreateDateColumn()
  createdAt: Date;
}
