import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Event } from '../events/event.entity.js';

/** Each event's own Ed25519 key pair: badges are signed with it; scanners hold only the public key. */
@Entity('event_keys')
export class EventKey {
  @PrimaryColumn({ type: 'integer' })
  eventId: number;

  @OneToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: Relation<Event>;

  /** Raw 32-byte public key, base64url. */
  @Column({ type: 'varchar', length: 64 })
  publicKey: string;

  /** PKCS#8 DER private key, base64. */
  @Column({ type: 'text' })
  privateKey: string;

  @CreateDateColumn()
  createdAt: Date;
}
