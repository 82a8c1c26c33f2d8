import pg from 'pg';
import { openDatabase } from '../../src/app-database.js';
import { killAllProcesses, startAppProcess, type AppProcess } from '../support/app-process.js';
import { api, bearer, csrfField, HttpBrowser } from '../support/http.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

const ADMIN = { email: 'admin@test.duijie', password: 'correct-horse-battery' };
const SEATS = 30;
const PEOPLE = 90;
const SCANS_PER_BADGE = 4;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
/** Two instances share PostgreSQL; SQLite is one instance's file, so there the same flows run through one. */
const INSTANCES = onPostgres ? 2 : 1;

async function inParallel<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Real instances (child processes of the built app) behind no proxy but addressed in turn, as a round-robin proxy
 * would: on PostgreSQL two instances share the database, each running its mail worker; on SQLite one instance serves
 * every request (the embedded setup is one process). The same assertions hold for both: capacity never exceeded, a
 * badge checked in once, each email sent once, and sessions, CSRF tokens, bearer tokens and rate limits valid
 * whichever instance a request reaches.
 */
describe(`${INSTANCES} instance(s) on ${onPostgres ? 'one PostgreSQL database' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let instances: AppProcess[];
  let organiser: { authorization: string };
  let eventId = 0;
  let slug = '';
  /** The instance for the i-th request. */
  const at = (i: number) => instances[i % instances.length].url;

  beforeAll(async () => {
    db = await freshDatabase();
    sink = await new SmtpSink().start();
    const env = {
      SMTP_URL: sink.url,
      MAIL_POLL_MS: '100',
      TRUST_PROXY: 'true',
      // 3 sign-ins, 12 registrations a minute per address: small enough to reach in a test.
      RATE_LIMIT_SCALE: '0.1',
    };
    // The first instance migrates; the others start on the migrated database (instances-start-together covers racing).
    instances = [await startAppProcess(db, env)];
    await instances[0].healthy();
    for (let i = 1; i < INSTANCES; i++) instances.push(await startAppProcess(db, env));
    await Promise.all(instances.map((instance) => instance.healthy()));

    organiser = await bearer(at(0), ADMIN.email, ADMIN.password, '10.9.0.1');
    const day = 24 * 3600_000;
    const startsAt = new Date(Date.now() + 30 * day);
    slug = `instances-${Date.now()}`;
    const created = await api(at(0), 'POST', '/api/events', {
      headers: organiser,
      body: {
        slug,
        title: '成都都市圈先进技术成果转化推介活动',
        titleEn: 'Chengdu Metropolitan Area Technology Transfer Promotion',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + day).toISOString(),
        venues: [{ name: '主会场', nameEn: 'Main venue', kind: 'main', rooms: [] }],
      },
    });
    expect(created.status).toBe(201);
    eventId = created.json<{ id: number }>().id;
    expect((await api(at(1), 'POST', `/api/events/${eventId}/publish`, { headers: organiser })).status).toBe(200);
    const category = await api(at(0), 'POST', `/api/events/${eventId}/categories`, {
      headers: organiser,
      body: { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise', capacity: SEATS },
    });
    expect(category.status).toBe(201);
  }, 600_000);

  afterAll(async () => {
    killAllProcesses();
    await sink?.stop();
    await db?.drop();
  }, 600_000);

  it('confirms exactly the seats there are when registrations arrive at every instance at once', async () => {
    const answers = await inParallel(PEOPLE, 24, (i) =>
      api(at(i), 'POST', `/api/events/${eventId}/registrations`, {
        // Each attendee comes from their own address, as at a real event.
        headers: { 'x-forwarded-for': `10.1.${i >> 8}.${i & 255}` },
        body: {
          name: `参会者${i}`,
          email: `guest${i}@example.cn`,
          organisation: '四川恒麓电气科技有限公司',
          category: 'enterprise',
          consent: true,
        },
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const statuses = answers.map((a) => a.json<{ status: string }>().status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(SEATS);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(PEOPLE - SEATS);
    const counts = await api(at(1), 'GET', `/api/events/${eventId}/registration-counts`, { headers: organiser });
    expect(counts.json()).toMatchObject({
      confirmed: SEATS,
      categories: [{ code: 'enterprise', capacity: SEATS, seatsLeft: 0, confirmed: SEATS, waitlisted: PEOPLE - SEATS }],
    });
  }, 600_000);

  it('checks each badge in once when it is scanned at every instance by several devices at once', async () => {
    const list = (await api(at(0), 'GET', `/api/events/${eventId}/checkin-lists`, { headers: organiser }))
      .json<{ id: number; kind: string }[]>()
      .find((l) => l.kind === 'entrance')!;
    const devices: { authorization: string }[] = [];
    for (let d = 0; d < 2; d++) {
      const issued = await api(at(d), 'POST', `/api/events/${eventId}/checkin-devices`, {
        headers: organiser,
        body: { name: `东门 ${d + 1} 号机`, listId: list.id },
      });
      // Paired on the other instance than the one that issued the code.
      const paired = await api(at(d + 1), 'POST', '/api/devices/pair', {
        body: { token: issued.json<{ pairingToken: string }>().pairingToken },
      });
      expect(paired.status).toBe(200);
      devices.push({ authorization: `Bearer ${paired.json<{ deviceToken: string }>().deviceToken}` });
    }
    const dataSource = await openDatabase(db.database);
    let codes: string[];
    try {
      const rows: { code: string }[] = await dataSource.query(
        `SELECT code FROM badges WHERE "eventId" = ${eventId} AND "revokedAt" IS NULL ORDER BY id`,
      );
      codes = rows.map((r) => r.code);
    } finally {
      await dataSource.destroy();
    }
    expect(codes).toHaveLength(SEATS);

    const scans = codes.flatMap((code, b) => Array.from({ length: SCANS_PER_BADGE }, (_, k) => ({ code, b, k })));
    const results = await inParallel(scans.length, 16, async (i) => {
      const { code, k } = scans[i];
      const res = await api(at(i + k), 'POST', `/api/events/${eventId}/checkins`, {
        headers: devices[k % devices.length],
        body: { code, nonce: `scan-${i}-${k}-${Date.now()}` },
      });
      expect(res.status).toBe(200);
      return res.json<{ result: string }>().result;
    });
    for (let b = 0; b < codes.length; b++) {
      const mine = results.filter((_, i) => scans[i].b === b);
      expect(mine.filter((r) => r === 'ok')).toHaveLength(1);
      expect(mine.filter((r) => r === 'already_checked_in')).toHaveLength(SCANS_PER_BADGE - 1);
    }
    const arrivals = await api(at(1), 'GET', `/api/events/${eventId}/arrivals`, { headers: organiser });
    expect(arrivals.status).toBe(200);
    expect(arrivals.json()).toMatchObject({ totals: { confirmed: SEATS, checkedIn: SEATS, percent: 100 } });
  }, 600_000);

  it('sends each outbox email once, with every instance running its mail worker', async () => {
    const dataSource = await openDatabase(db.database);
    try {
      const pending = async () =>
        Number((await dataSource.query(`SELECT COUNT(*) AS n FROM outbox_messages WHERE status <> 'sent'`))[0].n);
      await until('an empty outbox', async () => (await pending()) === 0);
      const outbox: { messageId: string; toAddress: string }[] = await dataSource.query(
        `SELECT "messageId", "toAddress" FROM outbox_messages ORDER BY id`,
      );
      expect(outbox.length).toBeGreaterThanOrEqual(PEOPLE);
      await sink.waitFor(outbox.length);
      const received = sink.messages.map((m) => m.parsed.messageId);
      expect([...received].sort()).toEqual(outbox.map((m) => m.messageId).sort());
      expect(new Set(received).size).toBe(received.length);
    } finally {
      await dataSource.destroy();
    }
  }, 600_000);

  it('keeps a page session and its CSRF token valid on every instance (signed in on one, form posted on another)', async () => {
    const browser = new HttpBrowser({ 'x-forwarded-for': '10.9.0.2' });
    const loginPage = await browser.get(at(0), '/login');
    const signedIn = await browser.post(at(1), '/login', {
      _csrf: csrfField(loginPage.text),
      email: ADMIN.email,
      password: ADMIN.password,
      next: '',
    });
    expect(signedIn.status).toBe(303);
    const page = await browser.get(at(0), `/console/events/${eventId}/check-in/lists`);
    expect(page.status).toBe(200);
    const posted = await browser.post(at(1), `/console/events/${eventId}/check-in/lists`, {
      _csrf: csrfField(page.text),
      name: '贵宾厅',
      kind: 'zone',
    });
    expect(posted.status).toBe(303);
    const lists = await api(at(0), 'GET', `/api/events/${eventId}/checkin-lists`, { headers: organiser });
    expect(lists.json<{ name: string }[]>().map((l) => l.name)).toContain('贵宾厅');
    // A forged token is refused on every instance.
    for (let i = 0; i < INSTANCES; i++) {
      const forged = await browser.post(at(i), `/console/events/${eventId}/check-in/lists`, {
        _csrf: 'x'.repeat(43),
        name: '伪造',
        kind: 'zone',
      });
      expect(forged.status).toBe(403);
    }
    // Signed out on one instance: the session is gone on all.
    const console_ = await browser.get(at(1), '/console');
    const out = await browser.post(at(0), '/logout', { _csrf: csrfField(console_.text) });
    expect(out.status).toBe(303);
    for (let i = 0; i < INSTANCES; i++) {
      const after = await browser.get(at(i), '/console');
      expect([after.status, after.headers.get('location')]).toEqual([303, '/login?next=%2Fconsole']);
    }
  }, 600_000);

  it('counts a rate limit across instances: the fourth sign-in a minute from one address is refused wherever it lands', async () => {
    const attempt = (i: number) =>
      api(at(i), 'POST', '/api/auth/login', {
        headers: { 'x-forwarded-for': '203.0.113.50' },
        body: { email: 'nobody@test.duijie', password: 'not-the-password' },
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(i)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  }, 600_000);

  it('shares bearer tokens: signed in on one instance, refused on every instance once signed out on another', async () => {
    const token = await bearer(at(1), ADMIN.email, ADMIN.password, '10.9.0.3');
    for (let i = 0; i < INSTANCES; i++) {
      expect((await api(at(i), 'GET', '/api/auth/me', { headers: token })).status).toBe(200);
    }
    expect((await api(at(0), 'POST', '/api/auth/logout', { headers: token })).status).toBeLessThan(300);
    for (let i = 0; i < INSTANCES; i++) {
      expect((await api(at(i), 'GET', '/api/auth/me', { headers: token })).status).toBe(401);
    }
  }, 600_000);

  it(
    onPostgres ? 'keeps the rate-limit counters in PostgreSQL' : 'runs as one process on the SQLite file',
    async () => {
      if (onPostgres) {
        const client = new pg.Client({ connectionString: db.database.kind === 'postgres' ? db.database.url : '' });
        await client.connect();
        try {
          const rows = await client.query('SELECT COUNT(*)::int AS n FROM rate_limit_counter');
          expect(rows.rows[0].n).toBeGreaterThan(0);
        } finally {
          await client.end();
        }
      } else {
        expect(instances).toHaveLength(1);
        expect(instances[0].child.exitCode).toBeNull();
      }
    },
  );
});
