import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RateLimitStore, type RateLimitWindow } from './rate-limit.store.js';

const NOW = `(now() AT TIME ZONE 'UTC')`;
/** Expired windows are deleted every this many hits. */
const SWEEP_EVERY = 1000;

/**
 * Rate-limit windows in PostgreSQL (`rate_limit_counter`), so that several instances behind one proxy share the
 * counters. One hit is one atomic upsert that starts a new window when the old one has ended; times are the
 * database's, so instances' clocks do not matter.
 */
export class PostgresRateLimitStore extends RateLimitStore {
  private hitsSinceSweep = 0;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async hit(key: string, windowMs: number): Promise<RateLimitWindow> {
    if (++this.hitsSinceSweep >= SWEEP_EVERY) {
      this.hitsSinceSweep = 0;
      await this.dataSource.query(`DELETE FROM rate_limit_counter WHERE "expiresAt" <= ${NOW}`);
    }
    const rows: { hits: number; msLeft: number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counter AS c ("key", hits, "expiresAt")
       VALUES ($1, 1, ${NOW} + $2::double precision * interval '1 millisecond')
       ON CONFLICT ("key") DO UPDATE SET
         hits = CASE WHEN c."expiresAt" <= ${NOW} THEN 1 ELSE c.hits + 1 END,
         "expiresAt" = CASE WHEN c."expiresAt" <= ${NOW} THEN EXCLUDED."expiresAt" ELSE c."expiresAt" END
       RETURNING c.hits, CEIL(EXTRACT(EPOCH FROM (c."expiresAt" - ${NOW})) * 1000)::bigint AS "msLeft"`,
      [hashKey(key), windowMs],
    );
    return { hits: Number(rows[0].hits), msLeft: Number(rows[0].msLeft) };
  }

  async peek(key: string): Promise<RateLimitWindow | undefined> {
    const rows: { hits: number; msLeft: number }[] = await this.dataSource.query(
      `SELECT hits, CEIL(EXTRACT(EPOCH FROM ("expiresAt" - ${NOW})) * 1000)::bigint AS "msLeft"
       FROM rate_limit_counter WHERE "key" = $1 AND "expiresAt" > ${NOW}`,
      [hashKey(key)],
    );
    return rows[0] ? { hits: Number(rows[0].hits), msLeft: Number(rows[0].msLeft) } : undefined;
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_counter WHERE "key" = $1`, [hashKey(key)]);
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
