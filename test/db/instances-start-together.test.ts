import pg from 'pg';
import { openDatabase } from '../../src/app-database.js';
import { POSTGRES_MIGRATIONS } from '../../src/database/migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from '../../src/database/migrations/sqlite/index.js';
import { killAllProcesses, startAppProcess, type AppProcess } from '../support/app-process.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

const INSTANCES = 3;

/**
 * Instances started at the same moment on one empty database (PostgreSQL with TEST_DATABASE_URL, else one SQLite
 * file): the migration lock lets one migrate while the others wait, and what a first start creates (the installation
 * secret, the first organiser with a random password, the demo events) is created once.
 */
describe(`${INSTANCES} instances started together on an empty ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'} database`, () => {
  let db: TestDatabase;
  let instances: AppProcess[];

  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    killAllProcesses();
    await db?.drop();
  }, 600_000);

  it('all come up healthy, having run each migration once and created the first-start data once', async () => {
    // No ADMIN_PASSWORD: each instance would make up its own; only the one that creates the organiser prints it.
    const env = { DEMO_DATA: 'true', LOG_LEVEL: 'warn', ADMIN_PASSWORD: '' };
    instances = await Promise.all(Array.from({ length: INSTANCES }, () => startAppProcess(db, env)));
    await Promise.all(instances.map((instance) => instance.healthy(120_000)));

    const dataSource = await openDatabase(db.database);
    try {
      const migrations: { name: string }[] = await dataSource.query('SELECT name FROM migrations ORDER BY id');
      const expected = (db.kind === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS).map((m) => m.name);
      expect(migrations.map((m) => m.name)).toEqual(expected);
      const count = async (sql: string) => Number((await dataSource.query(sql))[0].n);
      expect(await count(`SELECT COUNT(*) AS n FROM users WHERE role = 'organiser'`)).toBe(1);
      expect(await count(`SELECT COUNT(*) AS n FROM settings WHERE key = 'hmac-secret'`)).toBe(1);
      // The demo once: Chengdu, Suzhou and Chengdu's earlier edition.
      expect(await count('SELECT COUNT(*) AS n FROM events')).toBe(3);
      expect(await count(`SELECT COUNT(*) AS n FROM job_runs WHERE key = 'demo-data'`)).toBe(1);
    } finally {
      await dataSource.destroy();
    }

    // Exactly one instance printed the password, and it works on every instance (one account, one secret).
    const printed = instances.flatMap((i) =>
      [...i.output().matchAll(/with password (\S+) \(shown once/g)].map((m) => m[1]),
    );
    expect(printed).toHaveLength(1);
    for (const instance of instances) {
      const res = await fetch(`${instance.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@test.duijie', password: printed[0] }),
      });
      expect(res.status).toBe(200);
    }
  }, 600_000);

  it('a later start finds nothing to migrate and takes the lock again (no instance holds it)', async () => {
    await Promise.all(instances.map((instance) => instance.kill('SIGTERM')));
    const again = await startAppProcess(db, { DEMO_DATA: 'true' });
    await again.healthy(60_000);
    if (db.kind === 'postgres') {
      const client = new pg.Client({ connectionString: db.database.kind === 'postgres' ? db.database.url : '' });
      await client.connect();
      try {
        const held = await client.query(
          `SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        expect(held.rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    }
    const dataSource = await openDatabase(db.database);
    try {
      expect(Number((await dataSource.query('SELECT COUNT(*) AS n FROM events'))[0].n)).toBe(3);
    } finally {
      await dataSource.destroy();
    }
    await again.kill('SIGTERM');
  }, 600_000);
});
