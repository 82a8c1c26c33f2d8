import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/app-database.js';
import { killAllProcesses, startAppProcess, type AppProcess } from '../support/app-process.js';
import { multipartBody } from '../support/browser.js';
import { api, bearer } from '../support/http.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

const ADMIN = { email: 'admin@test.duijie', password: 'correct-horse-battery' };
const SEATS = 40;
const PEOPLE = 140;
const KILLS = 3;
const LIBRARY_ROWS = 2000;
const IMPORTED_GUESTS = 300;

/** The moments of the kills are random; the seed is printed so that a failing run can be repeated (CRASH_SEED). */
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(SEED);
const between = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * SIGKILL at random moments, then a restart on the same database (SQLite file, or PostgreSQL with TEST_DATABASE_URL):
 * during a registration burst, a mail batch, a chunked library import and a chunked guest import. After
 * each, nothing is half-written (every registration has its seat, badge and email, or is not there at all; an import
 * is all there or invisible), capacity is exact, no email is lost, and an email that arrives twice has one Message-ID.
 */
describe(`SIGKILL and restart on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'} (seed ${SEED})`, () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let instance: AppProcess | undefined;
  let organiser: { authorization: string };
  let eventId = 0;
  const env = () => ({ SMTP_URL: sink.url, MAIL_WORKER: 'false', RATE_LIMIT_SCALE: '0', MAIL_LEASE_SECONDS: '2' });

  async function start(extra: Record<string, string> = {}): Promise<AppProcess> {
    instance = await startAppProcess(db, { ...env(), ...extra });
    await instance.healthy();
    return instance;
  }
  async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const dataSource = await openDatabase(db.database);
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
  const count = (dataSource: DataSource, sql: string) =>
    dataSource.query(sql).then((rows: { n: string | number }[]) => Number(rows[0].n));

  beforeAll(async () => {
    db = await freshDatabase();
    sink = await new SmtpSink().start();
    const first = await start();
    organiser = await bearer(first.url, ADMIN.email, ADMIN.password);
    const day = 24 * 3600_000;
    const startsAt = new Date(Date.now() + 30 * day);
    const created = await api(first.url, 'POST', '/api/events', {
      headers: organiser,
      body: {
        slug: 'crash-restart',
        title: '成都都市圈先进技术成果转化推介活动',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + day).toISOString(),
        venues: [{ name: '主会场', kind: 'main', rooms: [] }],
      },
    });
    eventId = created.json<{ id: number }>().id;
    await api(first.url, 'POST', `/api/events/${eventId}/publish`, { headers: organiser });
    for (const category of [
      { code: 'enterprise', name: '企业代表', capacity: SEATS },
      { code: 'invited', name: '特邀代表', publicForm: false },
    ]) {
      const res = await api(first.url, 'POST', `/api/events/${eventId}/categories`, {
        headers: organiser,
        body: category,
      });
      expect(res.status).toBe(201);
    }
  }, 600_000);
  afterAll(async () => {
    killAllProcesses();
    await sink?.stop();
    await db?.drop();
  }, 600_000);

  it('keeps registrations whole and capacity exact across kills in the middle of a burst', async () => {
    /** What each person was told before a kill: registration id and status. */
    const told = new Map<number, { id: number; status: string }>();
    const register = (url: string, i: number) =>
      api(url, 'POST', `/api/events/${eventId}/registrations`, {
        body: {
          name: `参会者${i}`,
          email: `guest${i}@example.cn`,
          organisation: '四川恒麓电气科技有限公司',
          category: 'enterprise',
          consent: true,
        },
      });
    const kills: string[] = [];
    for (let round = 0; round <= KILLS; round++) {
      const current = instance!;
      const waiting = Array.from({ length: PEOPLE }, (_, i) => i).filter((i) => !told.has(i));
      // The last round runs to the end; the others are killed after a random number of answers.
      const killAfter = round < KILLS ? between(1, Math.max(1, Math.floor(waiting.length / 2))) : Infinity;
      let answered = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < waiting.length && current.child.exitCode === null && current.child.signalCode === null) {
            const i = waiting[next++];
            try {
              const res = await register(current.url, i);
              // 201 created; 200 when a try before a kill had already registered this email (the same registration).
              expect([200, 201]).toContain(res.status);
              told.set(i, res.json());
              if (++answered === killAfter) {
                kills.push(`after ${answered} answers`);
                await current.kill('SIGKILL');
              }
            } catch (error) {
              // The connection died with the process: this person will try again after the restart.
              if ((error as Error).message !== 'fetch failed') throw error;
            }
          }
        }),
      );
      if (round < KILLS) {
        await current.exited;
        await start();
      }
    }
    expect(told.size).toBe(PEOPLE);

    await withDatabase(async (ds) => {
      const rows: { id: number; email: string; status: string }[] = await ds.query(
        `SELECT id, email, status FROM registrations WHERE "eventId" = ${eventId} ORDER BY id`,
      );
      // Everyone once, as they were told (a retry after a kill found the registration its first try had made).
      expect(rows).toHaveLength(PEOPLE);
      for (const [i, answer] of told) {
        const row = rows.find((r) => r.email === `guest${i}@example.cn`);
        expect(row && { id: Number(row.id), status: row.status }).toEqual({ id: answer.id, status: answer.status });
      }
      expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(SEATS);
      expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(PEOPLE - SEATS);
      // The seat counters agree with the rows.
      expect(
        await count(
          ds,
          `SELECT "confirmedCount" AS n FROM attendee_categories WHERE "eventId" = ${eventId} AND code = 'enterprise'`,
        ),
      ).toBe(SEATS);
      expect(
        await count(ds, `SELECT "confirmedCount" AS n FROM registration_settings WHERE "eventId" = ${eventId}`),
      ).toBe(SEATS);
      // Every confirmed registration has exactly one valid badge, nobody else has one.
      const badges: { registrationId: number; n: string | number }[] = await ds.query(
        `SELECT "registrationId", COUNT(*) AS n FROM badges WHERE "eventId" = ${eventId} AND "revokedAt" IS NULL GROUP BY "registrationId"`,
      );
      const confirmedIds = rows.filter((r) => r.status === 'confirmed').map((r) => Number(r.id));
      expect(badges.map((b) => Number(b.registrationId)).sort((a, b) => a - b)).toEqual(confirmedIds);
      expect(badges.every((b) => Number(b.n) === 1)).toBe(true);
      // Every registration has the email that tells its status.
      const mailed: { registrationId: number }[] = await ds.query(
        `SELECT DISTINCT "registrationId" FROM outbox_messages WHERE kind IN ('registration_confirmed', 'registration_waitlisted')`,
      );
      expect(mailed.map((m) => Number(m.registrationId)).sort((a, b) => a - b)).toEqual(rows.map((r) => Number(r.id)));
      // No person record without its registration.
      expect(await count(ds, `SELECT COUNT(*) AS n FROM people WHERE email LIKE 'guest%@example.cn'`)).toBe(PEOPLE);
    });
    console.log(`registration burst (seed ${SEED}): killed ${kills.join(', ')}; ${PEOPLE} people, ${SEATS} seats`);
  }, 600_000);

  it('sends every email after kills in the middle of a mail batch, duplicates only with the same Message-ID', async () => {
    await instance!.kill('SIGTERM');
    const outbox = await withDatabase((ds) =>
      ds.query<{ messageId: string; toAddress: string }[]>(
        `SELECT "messageId", "toAddress" FROM outbox_messages ORDER BY id`,
      ),
    );
    expect(outbox.length).toBeGreaterThanOrEqual(PEOPLE);
    const kills: number[] = [];
    const unsent = () =>
      withDatabase((ds) => count(ds, `SELECT COUNT(*) AS n FROM outbox_messages WHERE status <> 'sent'`));
    for (let round = 0; round < KILLS; round++) {
      const current = await start({ MAIL_WORKER: 'true', MAIL_POLL_MS: '50' });
      const killAt = sink.messages.length + between(1, Math.floor(outbox.length / (KILLS + 1)));
      // Killed at the killAt-th delivery, or left to finish when fewer messages remain.
      await new Promise<void>((done) => {
        sink.onMessage = (n) => {
          if (n < killAt) return;
          sink.onMessage = undefined;
          kills.push(n);
          void current.kill('SIGKILL').then(() => done());
        };
        void until('a kill or an empty outbox', async () => !sink.onMessage || (await unsent()) === 0, 300_000).then(
          () => {
            sink.onMessage = undefined;
            done();
          },
        );
      });
      await current.kill('SIGKILL');
    }
    const last = await start({ MAIL_WORKER: 'true', MAIL_POLL_MS: '50' });
    await until('an empty outbox', () =>
      withDatabase(
        async (ds) => (await count(ds, `SELECT COUNT(*) AS n FROM outbox_messages WHERE status <> 'sent'`)) === 0,
      ),
    );
    await last.kill('SIGTERM');

    const expected = new Map(outbox.map((m) => [m.messageId, m.toAddress]));
    const received = sink.messages.map((m) => ({ id: m.parsed.messageId!, to: m.envelopeTo[0] }));
    // None lost: every message arrived; none foreign; a repeat carries the same Message-ID to the same address.
    expect(new Set(received.map((r) => r.id))).toEqual(new Set(expected.keys()));
    for (const r of received) expect(r.to).toBe(expected.get(r.id));
    console.log(
      `mail batch (seed ${SEED}): killed at the ${kills.join(', ')}th delivery; ${outbox.length} messages, ` +
        `${received.length - expected.size} delivered twice with the same Message-ID`,
    );
  }, 600_000);

  it('leaves a library import all there or invisible after a kill, and removes what it staged once abandoned', async () => {
    const row = (i: number) =>
      `自主可控复合材料${i},超高温难熔金属基复合材料的产业化应用。,materials,pilot,许可,成都复材${i % 50}有限公司`;
    const csv = Buffer.from(
      ['成果名称 title,成果简介 summary,领域 category,成熟度 maturity,转化方式 transferModes,成果单位 owner']
        .concat(Array.from({ length: LIBRARY_ROWS }, (_, i) => row(i)))
        .join('\r\n') + '\r\n',
    );
    const upload = (url: string) => {
      const body = multipartBody(
        { wait: 'false' },
        { file: { filename: 'list.csv', contentType: 'text/csv', data: csv } },
      );
      return fetch(`${url}/api/achievements/import`, {
        method: 'POST',
        headers: { ...organiser, 'content-type': body.contentType },
        body: body.payload,
      });
    };
    const visible = () =>
      withDatabase((ds) =>
        count(ds, `SELECT COUNT(*) AS n FROM achievements WHERE status = 'active' AND title LIKE '自主可控复合材料%'`),
      );
    const staged = () =>
      withDatabase((ds) => count(ds, `SELECT COUNT(*) AS n FROM achievements WHERE status = 'staged'`));

    let current = await start();
    const started = await upload(current.url);
    expect(started.status).toBe(202);
    const job = (await started.json()) as { id: string };
    // Killed once a random share of the rows is written (staged), before the import switches them visible.
    const killAt = between(1, LIBRARY_ROWS - 600);
    await until('the import to be under way', async () => {
      const progress = await api(current.url, 'GET', `/api/library-imports/${job.id}`, { headers: organiser });
      return progress.json<{ written: number }>().written >= killAt;
    });
    await current.kill('SIGKILL');
    const stagedAfterKill = await staged();
    expect([await visible(), stagedAfterKill > 0 || (await visible()) === LIBRARY_ROWS]).toEqual([
      (await visible()) === LIBRARY_ROWS ? LIBRARY_ROWS : 0,
      true,
    ]);
    current = await start();
    // Not visible in search or lists while staged, and a restart soon after does not remove a running import's rows.
    const search = await api(current.url, 'GET', `/api/achievements?q=${encodeURIComponent('复合材料')}`, {
      headers: organiser,
    });
    expect(search.json<{ total: number }>().total).toBe(await visible());
    expect(await staged()).toBe(stagedAfterKill);

    // Time passes: the import is abandoned; the next start removes what it staged. Then a new import goes through.
    await current.kill('SIGTERM');
    await withDatabase((ds) =>
      ds.query(
        db.kind === 'sqlite'
          ? `UPDATE achievements SET "createdAt" = datetime("createdAt", '-1 hour') WHERE status = 'staged'`
          : `UPDATE achievements SET "createdAt" = "createdAt" - interval '1 hour' WHERE status = 'staged'`,
      ),
    );
    current = await start();
    expect(await staged()).toBe(0);
    const before = await visible();
    if (before === 0) {
      const again = await upload(current.url);
      const id = ((await again.json()) as { id: string }).id;
      await until(
        'the second import',
        async () => {
          const progress = await api(current.url, 'GET', `/api/library-imports/${id}`, { headers: organiser });
          return progress.json<{ state: string }>().state === 'done';
        },
        300_000,
      );
    }
    expect(await visible()).toBe(LIBRARY_ROWS);
    console.log(`library import (seed ${SEED}): killed with ${stagedAfterKill} of ${LIBRARY_ROWS} rows staged`);
  }, 600_000);

  it('leaves a guest import all there or not at all after a kill, and removes what a killed import wrote once abandoned', async () => {
    const csv =
      '姓名 name,邮箱 email,单位 organisation,类别 category\r\n' +
      Array.from(
        { length: IMPORTED_GUESTS },
        (_, i) => `特邀代表${i},invited${i}@example.cn,西部转化中心,invited`,
      ).join('\r\n') +
      '\r\n';
    const guests = `email LIKE 'invited%@example.cn'`;
    // Rows an import is still writing carry its id; the publish records the import in one transaction, then the
    // rows are released (mark cleared, emails let go) a chunk at a time: a published import's rows are all there.
    const published = `EXISTS (SELECT 1 FROM job_runs j WHERE j.key = 'import-published:' || registrations."importId")`;
    const imported = () =>
      withDatabase((ds) =>
        count(ds, `SELECT COUNT(*) AS n FROM registrations WHERE ${guests} AND ("importId" IS NULL OR ${published})`),
      );
    const staged = () =>
      withDatabase((ds) =>
        count(
          ds,
          `SELECT COUNT(*) AS n FROM registrations WHERE ${guests} AND "importId" IS NOT NULL AND NOT ${published}`,
        ),
      );
    const marked = () =>
      withDatabase((ds) =>
        count(ds, `SELECT COUNT(*) AS n FROM registrations WHERE ${guests} AND "importId" IS NOT NULL`),
      );
    const body = multipartBody(
      {},
      { file: { filename: 'guests.csv', contentType: 'text/csv', data: Buffer.from(csv) } },
    );
    const send = (url: string) =>
      fetch(`${url}/api/events/${eventId}/registrations/import`, {
        method: 'POST',
        headers: { ...organiser, 'content-type': body.contentType },
        body: body.payload,
      });
    let current = await start();
    const delay = between(0, 1500);
    const request = send(current.url).then(
      (res) => res.status,
      () => 'killed' as const,
    );
    await new Promise((r) => setTimeout(r, delay));
    await current.kill('SIGKILL');
    const outcome = await request;
    const after = await imported();
    const stagedAfterKill = await staged();
    expect(outcome === 201 ? after === IMPORTED_GUESTS : after === 0 || after === IMPORTED_GUESTS).toBe(true);
    expect(after === IMPORTED_GUESTS ? stagedAfterKill : 0).toBe(0);
    await withDatabase(async (ds) => {
      // No email of a half import can go out: every one of its messages is held.
      expect(
        await count(
          ds,
          `SELECT COUNT(*) AS n FROM outbox_messages m JOIN registrations r ON r.id = m."registrationId" WHERE r."importId" IS NOT NULL AND (m."leaseUntil" IS NULL OR m.status <> 'pending')`,
        ),
      ).toBe(0);
    });

    // Time passes: the killed import is abandoned; the next start removes what it wrote and gives the seats back.
    await withDatabase((ds) =>
      ds.query(
        db.kind === 'sqlite'
          ? `UPDATE registrations SET "createdAt" = datetime("createdAt", '-1 hour') WHERE "importId" IS NOT NULL`
          : `UPDATE registrations SET "createdAt" = "createdAt" - interval '1 hour' WHERE "importId" IS NOT NULL`,
      ),
    );
    current = await start();
    // The next start removed a killed import's rows, or released a published one's to the end.
    expect(await marked()).toBe(0);
    if (after === 0) expect((await send(current.url)).status).toBe(201);
    expect(await imported()).toBe(IMPORTED_GUESTS);
    await withDatabase(async (ds) => {
      // Each imported guest once, with its badge and email; the category counts exactly its confirmed people.
      expect(
        await count(
          ds,
          `SELECT COUNT(DISTINCT b."registrationId") AS n FROM badges b JOIN registrations r ON r.id = b."registrationId" WHERE r.${guests} AND b."revokedAt" IS NULL`,
        ),
      ).toBe(IMPORTED_GUESTS);
      expect(
        await count(
          ds,
          `SELECT COUNT(*) AS n FROM outbox_messages m JOIN registrations r ON r.id = m."registrationId" WHERE r.${guests} AND m."leaseUntil" IS NULL`,
        ),
      ).toBeGreaterThanOrEqual(IMPORTED_GUESTS);
      const [held] = await ds.query(
        `SELECT c."confirmedCount" AS held, (SELECT COUNT(*) FROM registrations r WHERE r."categoryId" = c.id AND r.status = 'confirmed') AS counted FROM attendee_categories c WHERE c."eventId" = ${eventId} AND c.code = 'invited'`,
      );
      expect(Number((held as { held: number }).held)).toBe(Number((held as { counted: number }).counted));
    });
    console.log(
      `guest import (seed ${SEED}): killed ${delay} ms after the request (${outcome}), ${after} rows then, ${stagedAfterKill} staged`,
    );
  }, 600_000);
});
