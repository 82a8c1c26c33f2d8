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
import { Registration } from '../registration/registration.entity.js';

/**
 * A badge code issued to a confirmed registration. A change of category or a cancellation revokes it (and a new
 * one is issued where the registration stays confirmed); scanners learn revocations from the revocation list.
 */
@Entity('badges')
@Index(['eventId', 'revokedAt'])
export class Badge {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  eventId: number;

  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registrationId' })
  registration?: Relation<Registration>;

  /** The signed token printed in the QR code. */
  @Column({ type: 'varchar', length: 200, unique: true })
  code: string;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn()
  issuedAt: Date;
}
