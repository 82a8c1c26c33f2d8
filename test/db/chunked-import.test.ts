import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { In, type DataSource } from 'typeorm';
import { openDatabase } from '../../src/app-database.js';
import {
  newChunkedJob,
  publishedImports,
  sweepAbandoned,
  writeInChunks,
  type ChunkedWrite,
} from '../../src/database/chunked-import.js';
import { Database } from '../../src/database/database.service.js';
import { RunOnce } from '../../src/database/run-once.service.js';
import { EventSeries } from '../../src/events/event-series.entity.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

const logger = new Logger('chunked-import-test');

describe(`chunked imports on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
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

  /** Staged rows are series named `staged`; the release renames them `live`. */
  const write = (prefix: string, failAt?: { release?: number }): ChunkedWrite<number, number> => {
    let releases = 0;
    return {
      chunkSize: 3,
      stage: async (em, chunk) => {
        const ids: number[] = [];
        for (const i of chunk) {
          ids.push((await em.insert(EventSeries, { slug: `${prefix}-${i}`, name: 'staged' })).identifiers[0].id);
        }
        return ids;
      },
      publish: async () => {},
      release: {
        size: 4,
        run: async (em, ids) => {
          if (failAt?.release === ++releases) throw new Error('the process stops');
          await em.update(EventSeries, { id: In(ids) }, { name: 'live' });
        },
      },
      discard: async (em, ids) => {
        await em.delete(EventSeries, { id: In(ids) });
      },
    };
  };
  const names = async (prefix: string) =>
    (await dataSource.manager.find(EventSeries, { order: { id: 'ASC' } }))
      .filter((s) => s.slug.startsWith(`${prefix}-`))
      .map((s) => s.name);

  it('publishes in one small transaction, then releases the rows chunk by chunk and forgets the record', async () => {
    const job = newChunkedJob(10);
    const staged = await writeInChunks(database, job, [...Array(10).keys()], write('a'), logger);
    expect(job.state).toBe('done');
    expect(staged).toHaveLength(10);
    expect(await names('a')).toEqual(Array(10).fill('live'));
    expect(Object.keys(job.longestHoldByKind).sort()).toEqual(['publish', 'release', 'stage']);
    expect(job.longestHoldStep).toMatch(/^(stage rows \d+–\d+|publish|release rows \d+–\d+)$/);
    expect(await publishedImports(dataSource.manager, [job.id])).toEqual(new Set());
  });

  it('keeps a published import when its release stops: the record stays for the sweep to finish it', async () => {
    const job = newChunkedJob(10);
    await writeInChunks(database, job, [...Array(10).keys()], write('b', { release: 2 }), logger);
    expect(job.state).toBe('done');
    // The first 4 released, the rest still staged but not removed.
    expect(await names('b')).toEqual([...Array(4).fill('live'), ...Array(6).fill('staged')]);
    expect(await publishedImports(dataSource.manager, [job.id, 'another'])).toEqual(new Set([job.id]));
  });

  it('removes what it staged when a chunk fails before the publish', async () => {
    const job = newChunkedJob(10);
    const failing = write('c');
    const stage = failing.stage;
    failing.stage = async (em, chunk, deadline) => {
      if (chunk.includes(7)) throw new Error('row 7 refused');
      return stage(em, chunk, deadline);
    };
    expect(await writeInChunks(database, job, [...Array(10).keys()], failing, logger)).toEqual([]);
    expect(job.state).toBe('failed');
    expect(job.error).toBe('row 7 refused');
    expect(await names('c')).toEqual([]);
    expect(await publishedImports(dataSource.manager, [job.id])).toEqual(new Set());
  });

  describe('sweepAbandoned', () => {
    const deps = () => ({ db: database, runOnce: new RunOnce(database), scheduler: new SchedulerRegistry(), logger });

    it('hands `remove` the database clock minus the minutes, and answers what it removed', async () => {
      let before = '';
      const sweeper = sweepAbandoned(deps(), {
        name: 'test-sweep',
        minutes: 10,
        remove: async (b) => {
          before = b;
          return 3;
        },
      });
      expect(await sweeper.now()).toBe(3);
      const now = database.isSqlite ? `datetime('now')` : 'LOCALTIMESTAMP';
      const [row] = await dataSource.query(
        database.isSqlite
          ? `SELECT (julianday(${now}) - julianday(${before})) * 1440 AS minutes`
          : `SELECT EXTRACT(EPOCH FROM (${now} - (${before}))) / 60 AS minutes`,
      );
      expect(Math.round(Number((row as { minutes: number }).minutes))).toBe(10);
    });

    it('at start, logs a failure instead of failing the start; asked directly, it fails', async () => {
      const sweeper = sweepAbandoned(deps(), {
        name: 'test-sweep',
        minutes: 10,
        remove: () => Promise.reject(new Error('no such table: registrations')),
      });
      await expect(sweeper.atStart()).resolves.toBeUndefined();
      await expect(sweeper.now()).rejects.toThrow('no such table');
      expect(() => sweepAbandoned(deps(), { name: 'x', minutes: 0.5, remove: async () => 0 })).toThrow(/minutes/);
    });

    it('runs hourly once across instances: two sweepers of one name, one sweep (with its own transaction) this hour', async () => {
      let runs = 0;
      const schedulers: SchedulerRegistry[] = [];
      for (let i = 0; i < 2; i++) {
        const d = deps();
        schedulers.push(d.scheduler);
        sweepAbandoned(d, {
          name: 'test-hourly-sweep',
          minutes: 10,
          // The sweep writes in a transaction of its own (as the import services' sweeps do).
          remove: () =>
            database.transaction(async (em) => {
              await em.insert(EventSeries, { slug: `swept-${++runs}`, name: 'swept' });
              return 1;
            }),
        }).hourly();
      }
      try {
        for (let waited = 0; runs === 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 300));
        expect(runs).toBe(1);
        expect(await dataSource.manager.countBy(EventSeries, { name: 'swept' })).toBe(1);
        expect(schedulers.map((s) => s.getIntervals())).toEqual([['test-hourly-sweep'], ['test-hourly-sweep']]);
      } finally {
        for (const s of schedulers) s.deleteInterval('test-hourly-sweep');
      }
    });
  });
});
