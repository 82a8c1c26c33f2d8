import {
  Column,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from './user.entity.js';

/** Staff act per event: this row lets one staff user check people in at one event. */
@Entity('staff_assignments')
@Index(['userId', 'eventId'], { unique: true })
export class StaffAssignment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

  // A foreign key by entity name, not a relation: accounts sit below events and do not import them.
  @Column({ type: 'integer' })
  @ForeignKey('Event', { onDelete: 'CASCADE' })
  eventId: number;
}
