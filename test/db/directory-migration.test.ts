import { DataSource } from 'typeorm';
import { dataSourceOptions, initializeDatabase } from '../../src/database/data-source.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

/** The Directory migration on data written before it: people keyed, duplicates kept without a key. */
describe(`the Directory migration on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  it('keys existing people by email or name and organisation, leaving later duplicates without a key', async () => {
    const options = dataSourceOptions(db.database);
    const migrations = options.migrations as { name: string }[];
    const directory = migrations.findIndex((m) => m.name.startsWith('Directory'));
    expect(directory).toBeGreaterThan(0);
    const before = await initializeDatabase({
      ...options,
      migrations: migrations.slice(0, directory),
    } as typeof options);
    const p = (n: number) => (db.kind === 'postgres' ? `$${n}` : '?');
    await before.query(`INSERT INTO organisations (name, "nameKey", kind) VALUES (${p(1)}, ${p(2)}, 'enterprise')`, [
      '成都企业',
      '成都企业',
    ]);
    const people: [string, string | null, number | null][] = [
      ['张三', 'zhang@example.cn', null],
      ['张叁', 'Zhang@Example.cn', 1],
      ['李四', null, 1],
      [' 李四', null, 1],
      ['李四', null, null],
    ];
    for (const [name, email, organisationId] of people) {
      await before.query(`INSERT INTO people (name, email, "organisationId") VALUES (${p(1)}, ${p(2)}, ${p(3)})`, [
        name,
        email,
        organisationId,
      ]);
    }
    await before.destroy();

    dataSource = await initializeDatabase(options);
    const rows: { id: number; personKey: string | null }[] = await dataSource.query(
      'SELECT id, "personKey" FROM people ORDER BY id',
    );
    expect(rows.map((r) => r.personKey)).toEqual(['email:zhang@example.cn', null, 'name:1:李四', null, 'name:0:李四']);
  });
});
