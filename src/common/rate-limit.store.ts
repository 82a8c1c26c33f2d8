import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A key's fixed window: the hits counted in it and how long it still runs. */
export interface RateLimitWindow {
  hits: number;
  msLeft: number;
}

/**
 * Where rate-limit counters live: fixed windows per key. The embedded default keeps them in memory (one instance);
 * on PostgreSQL they live in a table that every instance shares (`PostgresRateLimitStore`). It is the storage of
 * `@nestjs/throttler` (route limits, `@RateLimit`) and of the sign-in throttle, which also needs to read a window
 * without counting and to clear one.
 */
export abstract class RateLimitStore implements ThrottlerStorage {
  /** Counts one hit for the key; a new window of `windowMs` starts when none is running. */
  abstract hit(key: string, windowMs: number): Promise<RateLimitWindow>;
  /** The running window of the key, without counting a hit. */
  abstract peek(key: string): Promise<RateLimitWindow | undefined>;
  abstract reset(key: string): Promise<void>;

  /**
   * The throttler's view: over the limit, the key is refused until its window ends (the block lasts as long as the
   * window: `blockDuration` is not used, every rule blocks for the rest of its window).
   */
  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const { hits, msLeft } = await this.hit(key, ttl);
    const seconds = Math.max(1, Math.ceil(msLeft / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}

/** The embedded default: counters in this process's memory (with several instances each would count on its own). */
export class MemoryRateLimitStore extends RateLimitStore {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  async hit(key: string, windowMs: number): Promise<RateLimitWindow> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 50_000) this.sweep(now);
      window = { hits: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return { hits: window.hits, msLeft: window.endsAt - now };
  }

  async peek(key: string): Promise<RateLimitWindow | undefined> {
    const now = this.now();
    const window = this.windows.get(key);
    return window && window.endsAt > now ? { hits: window.hits, msLeft: window.endsAt - now } : undefined;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
