/**
 * What the soak and peak benches share: a published event with a published programme, people registered through the
 * API (each with a personal link and a badge), a paired scanner per gate, and the requests of a fair day — a
 * registration, a page (event, agenda, personal page), a personal calendar feed, a scan — each timed by endpoint.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { APP_ENV_DROP, MAIN, childEnv, expectStatus, percentile, round, startServer, type Call } from './harness.js';

export const ADMIN = { email: 'bench@duijie.local', password: 'bench-password-not-secret' };

export interface LoadEvent {
  eventId: number;
  slug: string;
  organiser: Record<string, string>;
  sessionIds: number[];
  /** Personal link tokens of the people registered so far. */
  tokens: string[];
  /** A bearer header per paired scanner (one per gate). */
  scanners: Record<string, string>[];
}

const day = 24 * 3600_000;

export const person = (tag: string, n: number) => ({
  name: `参会者${n}`,
  email: `${tag}${n}@example.cn`,
  phone: `+86 138 0000 ${String(n % 10000).padStart(4, '0')}`,
  organisation: `成都先进技术研究院${n % 50}`,
  title: '工程师',
  category: 'enterprise',
  consent: true,
});

/** Signs in, creates and publishes an event (seats for everyone), a programme of `sessions`, and `scanners` devices. */
export async function setUpEvent(
  call: Call,
  port: number,
  options: { slug: string; seats: number; sessions: number; scanners: number },
): Promise<LoadEvent> {
  const login = await call(port, 'POST', '/api/auth/login', ADMIN);
  expectStatus('login', login, 200);
  const organiser = { authorization: `Bearer ${(login.json as { accessToken: string }).accessToken}` };
  // Today in the event's zone, so that scans fall within its days.
  const startsAt = new Date(Date.now() - 2 * 3600_000);
  const created = await call(
    port,
    'POST',
    '/api/events',
    {
      slug: options.slug,
      title: '成渝地区双城经济圈技术转移对接大会',
      titleEn: 'Chengdu–Chongqing Technology Transfer Matchmaking Fair',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + day).toISOString(),
      venues: [{ name: '主会场', nameEn: 'Main venue', kind: 'main', rooms: [{ name: '一号厅', capacity: 500 }] }],
    },
    organiser,
  );
  expectStatus('create event', created, 201);
  const eventId = (created.json as { id: number }).id;
  expectStatus('publish', await call(port, 'POST', `/api/events/${eventId}/publish`, undefined, organiser), 200);
  const category = { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise', capacity: options.seats };
  expectStatus('category', await call(port, 'POST', `/api/events/${eventId}/categories`, category, organiser), 201);
  const sessionIds: number[] = [];
  for (let i = 0; i < options.sessions; i++) {
    const start = new Date(startsAt.getTime() + 3600_000 + i * 40 * 60_000);
    const res = await call(
      port,
      'POST',
      `/api/events/${eventId}/sessions`,
      {
        kind: 'roadshow',
        title: `项目路演第${i + 1}场：智能制造与新材料成果推介`,
        titleEn: `Roadshow ${i + 1}: smart manufacturing and new materials`,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
      },
      organiser,
    );
    expectStatus('session', res, 201);
    sessionIds.push((res.json as { id: number }).id);
  }
  expectStatus('agenda publish', await call(port, 'POST', `/api/events/${eventId}/agenda/publish`, {}, organiser), 200);
  const lists = await call(port, 'GET', `/api/events/${eventId}/checkin-lists`, undefined, organiser);
  const entrance = (lists.json as { id: number; kind: string }[]).find((l) => l.kind === 'entrance')!;
  const scanners: Record<string, string>[] = [];
  for (let i = 0; i < options.scanners; i++) {
    const issued = await call(
      port,
      'POST',
      `/api/events/${eventId}/checkin-devices`,
      { name: `gate-${i + 1}`, listId: entrance.id },
      organiser,
    );
    expectStatus('device', issued, 201);
    const paired = await call(port, 'POST', '/api/devices/pair', {
      token: (issued.json as { pairingToken: string }).pairingToken,
    });
    expectStatus('pair', paired, 200);
    scanners.push({ authorization: `Bearer ${(paired.json as { deviceToken: string }).deviceToken}` });
  }
  return { eventId, slug: options.slug, organiser, sessionIds, tokens: [], scanners };
}

/** Latencies per endpoint name, and the statuses seen. */
export class Timings {
  readonly byEndpoint = new Map<string, number[]>();
  readonly statuses = new Map<string, Map<number, number>>();
  errors = 0;
  /** The first few unexpected answers, for the report. */
  readonly unexpected: string[] = [];

  async time<T extends { status: number }>(
    name: string,
    work: () => Promise<T>,
    expected: number[],
  ): Promise<T | null> {
    const t0 = performance.now();
    try {
      const res = await work();
      const ms = performance.now() - t0;
      if (!this.byEndpoint.has(name)) this.byEndpoint.set(name, []);
      this.byEndpoint.get(name)!.push(ms);
      const seen = this.statuses.get(name) ?? new Map<number, number>();
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      this.statuses.set(name, seen);
      if (!expected.includes(res.status)) {
        this.errors++;
        if (this.unexpected.length < 5)
          this.unexpected.push(
            `${name}: ${res.status} ${JSON.stringify((res as { json?: unknown }).json).slice(0, 300)}`,
          );
      }
      return res;
    } catch (error) {
      this.errors++;
      if (this.unexpected.length < 5) this.unexpected.push(`${name}: ${String(error)}`);
      return null;
    }
  }

  table(): { endpoint: string; count: number; p50: number; p99: number; max: number; statuses: string }[] {
    return [...this.byEndpoint].map(([endpoint, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        endpoint,
        count: values.length,
        p50: round(percentile(sorted, 50)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted[sorted.length - 1]),
        statuses: [...(this.statuses.get(endpoint) ?? [])].map(([s, n]) => `${s}×${n}`).join(' '),
      };
    });
  }
}

/** The requests of a fair day, each timed under its endpoint's name. */
export function fairRequests(call: Call, event: LoadEvent, timings: Timings, tag: string) {
  let registered = 0;
  return {
    register: async (port: number) => {
      const n = registered++;
      const res = await timings.time(
        'POST /api/events/:id/registrations',
        () => call(port, 'POST', `/api/events/${event.eventId}/registrations`, person(tag, n)),
        [201],
      );
      const url = (res?.json as { manageUrl?: string } | undefined)?.manageUrl;
      if (url) event.tokens.push(new URL(url).pathname.split('/')[2]);
    },
    eventPage: (port: number) =>
      timings.time('GET /events/:slug', () => call(port, 'GET', `/events/${event.slug}`), [200]),
    agendaPage: (port: number) =>
      timings.time('GET /events/:slug/agenda', () => call(port, 'GET', `/events/${event.slug}/agenda`), [200]),
    personalPage: async (port: number, i: number) => {
      if (!event.tokens.length) return;
      const token = event.tokens[i % event.tokens.length];
      await timings.time('GET /me/:token', () => call(port, 'GET', `/me/${token}`), [200]);
    },
    feed: async (port: number, i: number) => {
      if (!event.tokens.length) return;
      const token = event.tokens[i % event.tokens.length];
      await timings.time('GET /me/:token/calendar.ics', () => call(port, 'GET', `/me/${token}/calendar.ics`), [200]);
    },
    scan: async (port: number, code: string, gate: number, nonce: string) =>
      timings.time(
        'POST /api/events/:id/checkins',
        () =>
          call(
            port,
            'POST',
            `/api/events/${event.eventId}/checkins`,
            { code, nonce: `n-${nonce}-bench`, deviceId: `gate-${gate}` },
            event.scanners[gate % event.scanners.length],
          ),
        [200, 201],
      ),
  };
}

export function printEndpointTable(rows: ReturnType<Timings['table']>): void {
  const w = [36, 8, 10, 10, 10];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' ');
  console.log(line(['endpoint', 'count', 'p50 ms', 'p99 ms', 'max ms']) + '  statuses');
  console.log(line(w.map((n) => '-'.repeat(n))));
  for (const r of rows)
    console.log(line([r.endpoint, String(r.count), String(r.p50), String(r.p99), String(r.max)]) + `  ${r.statuses}`);
}

/** Where the app keeps its data: SQLite in `dataDir`, or a PostgreSQL database. */
export interface Store {
  dataDir: string;
  databaseUrl?: string;
}

/** Runs one SQL statement against the app's database from the bench (PostgreSQL placeholders: $1, $2 …). */
export async function sql<T>(store: Store, text: string, params: unknown[] = []): Promise<T[]> {
  if (store.databaseUrl) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const Sqlite = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => {
    prepare(s: string): { all(...p: unknown[]): unknown[]; run(...p: unknown[]): unknown; reader: boolean };
    pragma(s: string): void;
    close(): void;
  };
  const db = new Sqlite(join(store.dataDir, 'duijie.sqlite'));
  try {
    db.pragma('busy_timeout = 10000');
    const statement = db.prepare(text.replace(/\$\d+/g, '?'));
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
  } finally {
    db.close();
  }
}

/** The badge codes of an event's people, in registration order. */
export async function badgeCodes(store: Store, eventId: number): Promise<string[]> {
  const rows = await sql<{ code: string }>(
    store,
    'SELECT code FROM badges WHERE "eventId" = $1 AND "revokedAt" IS NULL ORDER BY id',
    [eventId],
  );
  return rows.map((r) => r.code);
}

/** Resident memory of a process in MB (VmRSS from /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Starts the built app on `store` with the bench's organiser, mail to `smtpUrl` (worker on) and no rate limits. */
export function startApp(
  call: Call,
  store: Store,
  smtpUrl: string,
  label: string,
  extra: Record<string, string> = {},
): ReturnType<typeof startServer> {
  return startServer({
    label,
    args: [MAIN],
    env: (port) =>
      childEnv(APP_ENV_DROP, {
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: store.dataDir,
        ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
        DEMO_DATA: 'false',
        SMTP_URL: smtpUrl,
        RATE_LIMIT_SCALE: '0',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ...extra,
      }),
    healthy: async (port) => (await call(port, 'GET', '/health')).status === 200,
    readyTimeoutMs: 60_000,
    pollMs: 50,
  });
}

/** Runs `work(i)` for i in [0, count) with `concurrency` at a time. */
export async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}
