import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

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

  // A foreign key by entity name, not a relation: badges sit below registration and do not import it. Indexed: a
  // re-issue counts and revokes a registration's badges, and a registration's deletion checks the key.
  @Index()
  @Column({ type: 'integer' })
  @ForeignKey('Registration', { onDelete: 'RESTRICT' })
  registrationId: number;

  /** The signed token printed in the QR code. */
  @Column({ type: 'varchar', length: 200, unique: true })
  code: string;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn()
  issuedAt: Date;
}
