import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A rate-limit window shared by every instance (used on PostgreSQL only; the embedded setup counts in memory).
 * The key is a SHA-256 of the limit's name and the client, so no address or email is stored.
 */
@Entity('rate_limit_counter')
export class RateLimitCounter {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ type: Date })
  expiresAt: Date;
}
