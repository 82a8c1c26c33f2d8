import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/app-database.js';
import { Database } from '../../src/database/database.service.js';
import { EventSeries } from '../../src/events/event-series.entity.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

/** A write transaction that waits on real I/O between its statements, as mail or signing work will. */
async function slowWrite(em: import('typeorm').EntityManager, i: number): Promise<void> {
  await em.insert(EventSeries, { slug: `s-${i}-a`, name: `系列${i}` });
  await sleep(2);
  await em.insert(EventSeries, { slug: `s-${i}-b`, name: `系列${i}` });
}

describe(`write transactions on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let database: Database;

  beforeAll(async () => {
    db = await freshDatabase();
    dataSource = await openDatabase(db.database);
    database = new Database(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('runs 100 concurrent transactions that wait on I/O mid-way with no error and all rows kept', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => database.transaction((em) => slowWrite(em, i))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await dataSource.manager.count(EventSeries)).toBe(200);
  });

  it('rolls back a failed transaction whole and keeps the queue moving', async () => {
    const failing = database.transaction(async (em) => {
      await em.insert(EventSeries, { slug: 'half', name: '半' });
      await sleep(1);
      await em.insert(EventSeries, { slug: 's-0-a', name: 'duplicate slug' });
    });
    const after = database.transaction((em) => em.insert(EventSeries, { slug: 'after', name: '后' }));
    await expect(failing).rejects.toThrow();
    await after;
    expect(await dataSource.manager.existsBy(EventSeries, { slug: 'half' })).toBe(false);
    expect(await dataSource.manager.existsBy(EventSeries, { slug: 'after' })).toBe(true);
  });

  if (!process.env.TEST_DATABASE_URL) {
    it('is needed: the same transactions without the queue fail on the shared SQLite connection', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => dataSource.transaction((em) => slowWrite(em, 1000 + i))),
      );
      const reasons = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.some((m) => /transaction/i.test(m))).toBe(true);
    });
  }
});

describe('nested write transactions', () => {
  it('fail at once instead of waiting forever', async () => {
    const db = await freshDatabase();
    const dataSource = await openDatabase(db.database);
    try {
      const database = new Database(dataSource);
      await expect(database.transaction(() => database.transaction(async () => 1))).rejects.toThrow(
        /inside a transaction/,
      );
      expect(await database.transaction(async () => 2)).toBe(2);
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });

  if (!process.env.TEST_DATABASE_URL) {
    it('in production (no guard) fail on SQLite once they have waited for the writer, and the queue moves on', async () => {
      const db = await freshDatabase();
      const dataSource = await openDatabase(db.database);
      try {
        const database = new Database(dataSource, { guardNesting: false, writerWaitLimitMs: 300 });
        const started = Date.now();
        const outer = database.transaction(async (em) => {
          await em.insert(EventSeries, { slug: 'outer', name: '外' });
          await database.transaction((inner) => inner.insert(EventSeries, { slug: 'inner', name: '内' }));
        });
        await expect(outer).rejects.toThrow(/inside a transaction/);
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
        // Neither was kept (the outer rolled back, the inner never ran), and the writer is free again.
        expect(await database.transaction((em) => em.insert(EventSeries, { slug: 'next', name: '后' }))).toBeDefined();
        expect((await dataSource.manager.find(EventSeries)).map((s) => s.slug)).toEqual(['next']);
      } finally {
        await dataSource.destroy();
        await db.drop();
      }
    });

    it('in production (no guard) run one after the other as with it, however long they wait under the limit', async () => {
      const db = await freshDatabase();
      const dataSource = await openDatabase(db.database);
      try {
        const database = new Database(dataSource, { guardNesting: false, writerWaitLimitMs: 5000 });
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => database.transaction((em) => slowWrite(em, i))),
        );
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        expect(await dataSource.manager.count(EventSeries)).toBe(100);
      } finally {
        await dataSource.destroy();
        await db.drop();
      }
    });
  }
});
