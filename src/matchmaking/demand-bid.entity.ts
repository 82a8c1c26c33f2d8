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
import { Organisation } from '../directory/organisation.entity.js';
import { Demand } from './demand.entity.js';

/** A solver's bid on an open call (揭榜): their organisation, their approach and whom to contact. */
@Entity('demand_bids')
@Index(['demandId', 'createdAt'])
export class DemandBid {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  demandId: number;

  @ManyToOne(() => Demand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'demandId' })
  demand?: Relation<Demand>;

  @Column({ type: 'integer' })
  solverOrganisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'solverOrganisationId' })
  solver?: Relation<Organisation>;

  @Column({ type: 'text' })
  approach: string;

  @Column({ type: 'varchar', length: 100 })
  contactName: string;

  @Column({ type: 'varchar', length: 254 })
  contactEmail: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  contactPhone: string | null;

  /** The registration whose personal link posted the bid (null when an organiser entered it). */
  @Column({ type: 'integer', nullable: true })
  registrationId: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
