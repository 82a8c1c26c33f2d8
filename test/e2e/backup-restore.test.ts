import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/app-database.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { checkSqliteFile } from '../../src/database/backup.js';
import { createScratchPostgres } from '../../src/database/scratch-postgres.js';
import {
  childEnv,
  databaseUrl,
  killAllProcesses,
  ROOT,
  startAppProcess,
  type AppProcess,
} from '../support/app-process.js';
import { api, bearer } from '../support/http.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const ADMIN = { email: 'admin@test.duijie', password: 'correct-horse-battery' };
const SEATS = 25;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** What must hold in any consistent copy: seats taken = confirmed rows ≤ capacity, a badge and an email for each. */
async function checkConsistent(database: AppConfig['database'], eventId: number) {
  const dataSource: DataSource = await openDatabase(database);
  try {
    const n = async (sql: string) => Number((await dataSource.query(sql))[0].n);
    const registrations = await n(`SELECT COUNT(*) AS n FROM registrations WHERE "eventId" = ${eventId}`);
    const confirmed = await n(
      `SELECT COUNT(*) AS n FROM registrations WHERE "eventId" = ${eventId} AND status = 'confirmed'`,
    );
    expect(confirmed).toBeLessThanOrEqual(SEATS);
    expect(await n(`SELECT "confirmedCount" AS n FROM registration_settings WHERE "eventId" = ${eventId}`)).toBe(
      confirmed,
    );
    expect(await n(`SELECT COUNT(*) AS n FROM badges WHERE "eventId" = ${eventId} AND "revokedAt" IS NULL`)).toBe(
      confirmed,
    );
    expect(
      await n(
        `SELECT COUNT(DISTINCT "registrationId") AS n FROM outbox_messages WHERE "eventId" = ${eventId} AND kind IN ('registration_confirmed', 'registration_waitlisted')`,
      ),
    ).toBe(registrations);
    return { registrations, confirmed };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A backup taken while the server takes registrations, then restored and served again: on SQLite with
 * `npm run cli -- backup/restore`; on PostgreSQL with the README's pg_dump / pg_restore (the command line says so).
 */
describe(`backup under load and restore on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let server: AppProcess;
  let organiser: { authorization: string };
  let eventId = 0;
  let registered = 0;
  let loading = true;
  let load: Promise<void>;
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: childEnv({ DATA_DIR: db.dataDir, DATABASE_URL: databaseUrl(db), LOG_LEVEL: 'error' }),
      timeout: 120_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  beforeAll(async () => {
    db = await freshDatabase();
    server = await startAppProcess(db, { RATE_LIMIT_SCALE: '0', MAIL_WORKER: 'false' });
    await server.healthy();
    organiser = await bearer(server.url, ADMIN.email, ADMIN.password);
    const startsAt = new Date(Date.now() + 30 * 24 * 3600_000);
    const created = await api(server.url, 'POST', '/api/events', {
      headers: organiser,
      body: {
        slug: 'backup-under-load',
        title: '2023 先进技术成果交易大会',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 8 * 3600_000).toISOString(),
        venues: [{ name: '主会场', kind: 'main', rooms: [] }],
      },
    });
    eventId = created.json<{ id: number }>().id;
    await api(server.url, 'POST', `/api/events/${eventId}/publish`, { headers: organiser });
    await api(server.url, 'POST', `/api/events/${eventId}/categories`, {
      headers: organiser,
      body: { code: 'enterprise', name: '企业代表', capacity: SEATS },
    });
    // The load: registrations from 6 clients until the test stops it.
    load = Promise.all(
      Array.from({ length: 6 }, async (_, client) => {
        for (let k = 0; loading; k++) {
          const res = await api(server.url, 'POST', `/api/events/${eventId}/registrations`, {
            body: {
              name: `参会者${client}-${k}`,
              email: `load-${client}-${k}@example.cn`,
              organisation: '苏州测试有限公司',
              category: 'enterprise',
              consent: true,
            },
          });
          expect(res.status).toBe(201);
          registered++;
        }
      }),
    ).then(() => undefined);
    while (registered < 10) await new Promise((r) => setTimeout(r, 20));
  }, 600_000);
  afterAll(async () => {
    loading = false;
    killAllProcesses();
    await db?.drop();
  }, 600_000);

  if (!onPostgres) {
    it('backs up the SQLite file while registrations go on, and refuses to restore under the running server', async () => {
      const file = join(db.dataDir, 'backup-1.sqlite');
      const before = registered;
      const backup = await cli('backup', file);
      expect(backup).toMatchObject({ code: 0, stderr: '' });
      expect(backup.stdout).toMatch(
        /^Backed up .*test\.sqlite to .*backup-1\.sqlite: .* integrity ok; events 1, registrations \d+/,
      );
      const during = registered;
      const summary = checkSqliteFile(file);
      expect(summary.rows.registrations).toBeGreaterThanOrEqual(before);
      expect(summary.rows.registrations).toBeLessThanOrEqual(during + 6);
      // A second backup to the same name is refused rather than overwriting the first.
      expect(await cli('backup', file)).toMatchObject({ code: 1, stderr: expect.stringContaining('exists already') });
      // Restore refuses while the server has the database open, and changes nothing.
      const refused = await cli('restore', file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is in use: stop every Duijie server');
      expect(registered).toBeGreaterThan(during);

      loading = false;
      await load;
      await server.kill('SIGTERM');
      const atStop = await checkConsistent(db.database, eventId);
      expect(atStop.registrations).toBe(registered);

      const restored = await cli('restore', file);
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain('The replaced database is kept as');
      const back = await checkConsistent(db.database, eventId);
      expect(back.registrations).toBe(summary.rows.registrations);

      // Served again from the restored file: the counts are the backup's, and registration goes on from there.
      server = await startAppProcess(db, { RATE_LIMIT_SCALE: '0', MAIL_WORKER: 'false' });
      await server.healthy();
      const counts = await api(server.url, 'GET', `/api/events/${eventId}/registration-counts`, {
        headers: await bearer(server.url, ADMIN.email, ADMIN.password),
      });
      expect(counts.json()).toMatchObject({ confirmed: back.confirmed });
      const another = await api(server.url, 'POST', `/api/events/${eventId}/registrations`, {
        body: {
          name: '恢复后',
          email: 'after-restore@example.cn',
          organisation: '苏州测试有限公司',
          category: 'enterprise',
          consent: true,
        },
      });
      expect(another.status).toBe(201);
      await server.kill('SIGTERM');
    }, 600_000);

    it('refuses to restore a file that is not a sound Duijie database', async () => {
      const bad = join(db.dataDir, 'not-a-backup.sqlite');
      await import('node:fs').then((fs) => fs.writeFileSync(bad, 'SQLite format 3\0 but not really'));
      const res = await cli('restore', bad);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/cannot be read as a SQLite database|fails the integrity check/);
    }, 600_000);
  } else {
    it('backs up with pg_dump while registrations go on, restores with pg_restore, and serves the copy', async () => {
      // The command line points PostgreSQL users to pg_dump.
      const asked = await cli('backup', join(db.dataDir, 'x.sqlite'));
      expect(asked.code).toBe(2);
      expect(asked.stderr).toContain('pg_dump --format=custom');

      const url = databaseUrl(db);
      const dump = join(db.dataDir, 'duijie.dump');
      const before = registered;
      await run('pg_dump', ['--format=custom', `--file=${dump}`, url], { timeout: 120_000 });
      const during = registered;
      loading = false;
      await load;
      await server.kill('SIGTERM');

      const copy = await createScratchPostgres(process.env.TEST_DATABASE_URL!);
      try {
        await run('pg_restore', ['--no-owner', `--dbname=${copy.url}`, dump], { timeout: 120_000 });
        const restored = await checkConsistent({ kind: 'postgres', url: copy.url }, eventId);
        expect(restored.registrations).toBeGreaterThanOrEqual(before);
        expect(restored.registrations).toBeLessThanOrEqual(during + 6);
        const onCopy = await startAppProcess(
          { ...db, database: { kind: 'postgres', url: copy.url } },
          {
            RATE_LIMIT_SCALE: '0',
            MAIL_WORKER: 'false',
          },
        );
        await onCopy.healthy();
        const counts = await api(onCopy.url, 'GET', `/api/events/${eventId}/registration-counts`, {
          headers: await bearer(onCopy.url, ADMIN.email, ADMIN.password),
        });
        expect(counts.json()).toMatchObject({ confirmed: restored.confirmed });
        await onCopy.kill('SIGTERM');
      } finally {
        await copy.drop();
      }
    }, 600_000);
  }
});
