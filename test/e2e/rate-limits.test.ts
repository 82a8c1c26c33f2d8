import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { PostgresRateLimitStore } from '../../src/common/rate-limit-postgres.store.js';
import { MemoryRateLimitStore, RateLimitStore } from '../../src/common/rate-limit.store.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** POST /api/auth/login declares 30 a minute per address; RATE_LIMIT_SCALE=0.1 makes that 3. */
const login = (app: NestFastifyApplication, from: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'x-forwarded-for': from },
    payload: { email: `nobody-${from}@test.duijie`, password: 'not-the-password' },
  });

describe('rate limits on @RateLimit routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_SCALE: '0.1', TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('answers the fourth request from one address with 429, Retry-After and the error shape', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t.app, '203.0.113.7')).statusCode).toBe(401);
    const refused = await login(t.app, '203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['x-ratelimit-limit']).toBeUndefined();
    expect(refused.json()).toEqual({
      statusCode: 429,
      error: 'rate_limited',
      message: expect.any(String),
      details: { retryAfterSeconds: Number(refused.headers['retry-after']) },
    });
    // Another client address (X-Forwarded-For, trusted with TRUST_PROXY) has its own counter.
    expect((await login(t.app, '203.0.113.8')).statusCode).toBe(401);
  });

  it('leaves routes without @RateLimit alone', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/events',
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it('keeps the counters where every instance sees them: PostgreSQL when that is the database', async () => {
    const store = t.app.get(RateLimitStore);
    if (t.db.kind === 'sqlite') {
      expect(store).toBeInstanceOf(MemoryRateLimitStore);
      return;
    }
    expect(store).toBeInstanceOf(PostgresRateLimitStore);
    // Concurrent hits on one key are counted exactly once each (one atomic upsert per hit).
    const hits = await Promise.all(Array.from({ length: 20 }, () => store.hit('test:concurrent', 60_000)));
    expect(hits.map((h) => h.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // A second instance on the same database shares the counters of the first.
    const second = await createApp(t.config);
    try {
      for (let i = 0; i < 2; i++) expect((await login(t.app, '198.51.100.1')).statusCode).toBe(401);
      expect((await login(second, '198.51.100.1')).statusCode).toBe(401);
      expect((await login(second, '198.51.100.1')).statusCode).toBe(429);
      expect((await login(t.app, '198.51.100.1')).statusCode).toBe(429);
    } finally {
      await second.close();
    }
  });
});

describe('RATE_LIMIT_SCALE=0', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_SCALE: '0' } });
  });
  afterAll(() => t.close());

  it('turns route limits off', async () => {
    const codes = new Set<number>();
    // POST /invitations/:token declares 20 a minute; the CSRF check after the limit refuses each one.
    for (let i = 0; i < 25; i++) {
      codes.add((await t.app.inject({ method: 'POST', url: '/invitations/not-a-token', payload: {} })).statusCode);
    }
    expect([...codes]).toEqual([403]);
  });
});

describe('the in-memory store', () => {
  it('counts hits in a fixed window and starts again when it ends', async () => {
    let now = 1_000_000;
    const store = new MemoryRateLimitStore(() => now);
    expect(await store.increment('k', 10_000, 2)).toMatchObject({ totalHits: 1, isBlocked: false });
    await store.hit('k', 10_000);
    now += 4_000;
    expect(await store.increment('k', 10_000, 2)).toMatchObject({
      totalHits: 3,
      isBlocked: true,
      timeToBlockExpire: 6,
    });
    expect(await store.peek('k')).toEqual({ hits: 3, msLeft: 6_000 });
    now += 6_000;
    expect(await store.peek('k')).toBeUndefined();
    expect(await store.hit('k', 10_000)).toEqual({ hits: 1, msLeft: 10_000 });
    await store.reset('k');
    expect(await store.peek('k')).toBeUndefined();
  });
});
