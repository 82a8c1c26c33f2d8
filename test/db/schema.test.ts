import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/app-database.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

describe(`schema on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await freshDatabase();
    dataSource = await openDatabase(db.database);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('is built by the migrations alone, and the entities and migrations agree', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has run every migration exactly once and a second run changes nothing', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    const again = await dataSource.runMigrations();
    expect(again).toEqual([]);
  });

  it('stores times in UTC whatever the process time zone', async () => {
    expect(process.env.TZ).toBe('America/New_York');
    await dataSource.query(
      `INSERT INTO event_series (slug, name, "createdAt") VALUES ('tz-check', 'x', ${db.kind === 'sqlite' ? "'2026-12-05 01:00:00.000'" : "'2026-12-05 01:00:00'"})`,
    );
    const row = await dataSource.getRepository('EventSeries').findOneByOrFail({ slug: 'tz-check' });
    expect((row.createdAt as Date).toISOString()).toBe('2026-12-05T01:00:00.000Z');
  });
});
