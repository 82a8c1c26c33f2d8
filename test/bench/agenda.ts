/**
 * Calendar feeds at scale: an event of 300 published sessions and 5,000 attendees who follow 10 sessions each.
 * Measures the whole-programme feed (/events/:slug/agenda.ics) and personal feeds (/me/<link>/calendar.ics) over
 * real HTTP on 127.0.0.1, against rendering the same calendars with ical-generator alone, in the same run. Personal
 * feeds are measured twice: the first fetch of each (built) and the polls after it (the per-person cache; goal ≤ 1.0×,
 * mean over the polls, each a full 200 answer). The personal baseline renders, for the same person, the same 11 events
 * with the same properties (the event and the 10 sessions they follow: descriptions with speakers and links, URL,
 * location, SEQUENCE, STATUS, METHOD:PUBLISH), and each poll is followed by its baseline render, so both meet the same
 * load. Also: CPU per poll (client and server together: they share this process) against CPU per render, and, as an
 * extra line, polls that send the ETag back (If-None-Match → 304, no body). For scale, the HTTP floor: a bare
 * node:http server answering a feed's bytes, fetched the same way in the same rounds (what any server pays over fetch).
 *
 *   npm run bench:agenda      (= npm run build && node --import tsx test/bench/agenda.ts)
 *
 * The app is the built one (dist/), started in this process on a fresh SQLite folder; the programme is created
 * through AgendaService (conflict checks included) and published; attendees and their stars are inserted in bulk
 * (their registration path is measured by the registration bench). Figures: data/bench/agenda.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { PRODUCTION_ENV } from './harness.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (path: string) => join(ROOT, 'dist', 'src', path);
const SESSIONS = 300;
const ATTENDEES = 5000;
const STARS_EACH = 10;
const FULL_REQUESTS = 200;
const PERSONAL_REQUESTS = 1000;

const { createApp } = await import(dist('app.factory.js'));
const { loadConfig } = await import(dist('config/app-config.js'));
const { AgendaService } = await import(dist('agenda/agenda.service.js'));
const { EventsService } = await import(dist('events/events.service.js'));
const { ManageLinks } = await import(dist('registration/manage-links.service.js'));
const { Database } = await import(dist('database/database.service.js'));

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, p50: pick(0.5), p99: pick(0.99) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'duijie-bench-agenda-'));
const config = loadConfig({
  ...PRODUCTION_ENV,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'error',
  DEMO_DATA: 'false',
  MAIL_WORKER: 'false',
  RATE_LIMIT_SCALE: '0',
  ADMIN_PASSWORD: 'bench-password-1',
});
const app = await createApp(config);
let floorBody = Buffer.alloc(0);
/** ical-generator behind the same transport: renders person `i`'s calendar for each `GET /render/<i>`. */
let renderPerson: (i: number) => string = () => '';
const floor = createServer((request, response) => {
  const rendered = request.url?.startsWith('/render/');
  const body = rendered ? Buffer.from(renderPerson(Number(request.url!.slice(8)))) : floorBody;
  response.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', 'content-length': body.length });
  response.end(body);
});
/** The client: node:http on one kept-alive connection (lighter than fetch, which cost a third of a poll's CPU). */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const get = (url: string, headers: Record<string, string>) =>
  new Promise<{ status: number; body: string; etag: string }>((done, fail) => {
    const req = httpRequest(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          etag: String(res.headers.etag ?? ''),
        }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
try {
  await new Promise<void>((done) => floor.listen(0, '127.0.0.1', done));
  const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const base = `http://127.0.0.1:${address.port}`;
  config.appUrl = base;

  // ---- the event, 12 rooms, 300 sessions over 3 days, published
  const events = app.get(EventsService);
  const rooms = Array.from({ length: 12 }, (_, i) => ({
    name: `${i + 1}号厅`,
    nameEn: `Hall ${i + 1}`,
    capacity: 200,
  }));
  const event = await events.create({
    slug: 'bench-fair',
    title: '先进技术成果交易大会（基准测试）',
    titleEn: 'Advanced Technology Achievement Trading Fair (benchmark)',
    startsAt: '2027-09-01T08:00:00+08:00',
    endsAt: '2027-09-03T20:00:00+08:00',
    venues: [{ name: '主会场', kind: 'main', rooms }],
  });
  await events.transition(event.id, 'published');
  const details = await events.details(event);
  const roomIds: number[] = details.venues[0].rooms.map((r: { id: number }) => r.id);
  const agenda = app.get(AgendaService);
  const t0 = performance.now();
  for (let i = 0; i < SESSIONS; i++) {
    const day = Math.floor(i / 100) + 1;
    const slot = Math.floor((i % 100) / roomIds.length);
    const start = new Date(Date.parse(`2027-09-0${day}T09:00:00+08:00`) + slot * 3600_000);
    await agenda.create(event.id, {
      kind: 'roadshow',
      title: `项目路演第${i + 1}场：磁流变智能悬架与商业航天配套技术成果推介`,
      titleEn: `Roadshow ${i + 1}: magnetorheological suspension for commercial aerospace`,
      description: '主办方现场推介成果，参会企业现场洽谈、现场签约。'.repeat(3),
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 50 * 60_000).toISOString(),
      roomId: roomIds[i % roomIds.length],
      people: [{ name: `演讲人${i % 40}`, organisation: `研究院${i % 25}`, title: '研究员', role: 'speaker' }],
    });
  }
  const version = await agenda.publish(event.id, null);
  const setupSessions = performance.now() - t0;

  // ---- 5,000 attendees with 10 stars each, inserted in bulk
  const db = app.get(Database);
  const category = await db.transaction(
    async (em: { query(sql: string, params?: unknown[]): Promise<{ id: number }[]> }) => {
      const result = await em.query(
        `INSERT INTO attendee_categories ("eventId", code, name, "confirmedCount", approval, colour, "publicForm", "organisationKind", position) VALUES (?, 'enterprise', '企业', 0, 'automatic', '#b3261e', 1, 'enterprise', 0) RETURNING id`,
        [event.id],
      );
      return result[0].id;
    },
  );
  const sessionIds: number[] = version.snapshot.sessions.map((s: { id: number }) => s.id);
  await db.transaction(async (em: { query(sql: string, params?: unknown[]): Promise<{ id: number }[]> }) => {
    const org = await em.query(
      `INSERT INTO organisations (name, "nameKey", kind) VALUES ('基准企业', '基准企业', 'enterprise') RETURNING id`,
    );
    for (let i = 0; i < ATTENDEES; i++) {
      const person = await em.query(`INSERT INTO people (name, email) VALUES (?, ?) RETURNING id`, [
        `参会者${i}`,
        `a${i}@bench.cn`,
      ]);
      const reg = await em.query(
        `INSERT INTO registrations ("eventId", "categoryId", "personId", "organisationId", name, email, "organisationName", locale, status, "consentAt", "consentText", "linkVersion", "inviteSequence", source) VALUES (?, ?, ?, ?, ?, ?, '基准企业', 'zh-CN', 'confirmed', ?, 'bench', 1, 1, 'import') RETURNING id`,
        [event.id, category, person[0].id, org[0].id, `参会者${i}`, `a${i}@bench.cn`, new Date().toISOString()],
      );
      for (let k = 0; k < STARS_EACH; k++) {
        await em.query(`INSERT INTO session_stars ("registrationId", "sessionId") VALUES (?, ?)`, [
          reg[0].id,
          sessionIds[(i * 7 + k * 31) % sessionIds.length],
        ]);
      }
    }
  });
  // Every fifth attendee (registration ids follow the insertion order of this fresh database), with the sessions
  // they follow in programme order, as the feed lists them.
  const links = app.get(ManageLinks);
  const people: { token: string; sessions: Set<number> }[] = [];
  for (let i = 0; i < ATTENDEES; i += 5) {
    const followed = Array.from({ length: STARS_EACH }, (_, k) => sessionIds[(i * 7 + k * 31) % sessionIds.length]);
    people.push({ token: await links.token({ id: i + 1, linkVersion: 1 }), sessions: new Set(followed) });
  }

  // ---- ical-generator alone, the same calendars from objects in memory
  const snapshot = version.snapshot.sessions as {
    id: number;
    title: string;
    titleEn: string | null;
    description: string | null;
    startsAt: string;
    endsAt: string;
    venue: string | null;
    room: string | null;
    sequence: number;
    people: { name: string; organisation: string | null; title: string | null }[];
  }[];
  const host = new URL(base).hostname;
  const eventPage = `${base}/events/${event.slug}`;
  const render = (sessions: typeof snapshot, withEvent: boolean) => {
    const calendar = ical({
      prodId: { company: 'Duijie', product: 'Duijie', language: 'ZH' },
      name: event.title,
      method: ICalCalendarMethod.PUBLISH,
    });
    if (withEvent)
      calendar.createEvent({
        id: `event-${event.id}@${host}`,
        sequence: 1,
        stamp: new Date(),
        start: event.startsAt,
        end: event.endsAt,
        summary: event.title,
        description: [event.titleEn, eventPage].join('\n'),
        location: '主会场',
        url: eventPage,
        status: ICalEventStatus.CONFIRMED,
      });
    for (const s of sessions) {
      const page = `${eventPage}/sessions/${s.id}`;
      const speakers = s.people.map((p) => [p.name, p.organisation, p.title].filter(Boolean).join(' ')).join('; ');
      calendar.createEvent({
        id: `session-${s.id}.event-${event.id}@${host}`,
        sequence: s.sequence,
        stamp: new Date(),
        start: new Date(s.startsAt),
        end: new Date(s.endsAt),
        summary: s.title,
        description: [s.titleEn, s.description, speakers, page].filter(Boolean).join('\n'),
        location: [s.venue, s.room].filter(Boolean).join(' · '),
        url: page,
        status: ICalEventStatus.CONFIRMED,
      });
    }
    return calendar.toString();
  };
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };

  // ---- Duijie over HTTP
  const time = async (url: string, headers: Record<string, string> = {}) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const res = await get(url, headers);
    const body = res.body;
    const ms = performance.now() - started;
    const cpuUsed = cpuMs(cpu);
    if (res.status === 304 && headers['if-none-match'] && body === '')
      return { ms, cpu: cpuUsed, bytes: 0, body, etag: res.etag };
    if (res.status !== 200 || !body.startsWith('BEGIN:VCALENDAR')) throw new Error(`${url}: ${res.status}`);
    return { ms, cpu: cpuUsed, bytes: Buffer.byteLength(body), body, etag: res.etag };
  };
  const timeRender = (sessions: typeof snapshot, withEvent: boolean) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const body = render(sessions, withEvent);
    return { ms: performance.now() - started, cpu: cpuMs(cpu), bytes: Buffer.byteLength(body), body };
  };
  await time(`${base}/events/bench-fair/agenda.ics`);
  const full: number[] = [];
  let fullEvents = 0;
  let fullBytes = 0;
  for (let i = 0; i < FULL_REQUESTS; i++) {
    const r = await time(`${base}/events/bench-fair/agenda.ics`);
    full.push(r.ms);
    fullEvents = r.body.split('BEGIN:VEVENT').length - 1;
    fullBytes = r.bytes;
  }

  // A subscription's first fetch builds the person's calendar; the polls after it (every few minutes from each
  // calendar app) find it in the per-person cache until something it is made of changes. Each fetch is followed by
  // ical-generator rendering the same person's calendar.
  const uids = (body: string) => [...body.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]).sort();
  const personalRound = async (headers: (i: number) => Record<string, string>, withFloor = false) => {
    const ours = { ms: [] as number[], cpu: [] as number[], bytes: [] as number[] };
    const bare = { ms: [] as number[], cpu: [] as number[] };
    const served = { ms: [] as number[], cpu: [] as number[] };
    const theirs = { ms: [] as number[], cpu: [] as number[], bytes: [] as number[] };
    const etags: string[] = [];
    for (let i = 0; i < PERSONAL_REQUESTS; i++) {
      const person = people[i % people.length];
      const r = await time(`${base}/me/${person.token}/calendar.ics`, headers(i));
      const b = timeRender(
        snapshot.filter((s) => person.sessions.has(s.id)),
        true,
      );
      // Like with like: the same 11 events (same UIDs) on both sides.
      if (r.bytes && JSON.stringify(uids(r.body)) !== JSON.stringify(uids(b.body)))
        throw new Error(`person ${i}: the feed and the baseline differ in their events`);
      ours.ms.push(r.ms);
      ours.cpu.push(r.cpu);
      ours.bytes.push(r.bytes);
      theirs.ms.push(b.ms);
      theirs.cpu.push(b.cpu);
      theirs.bytes.push(b.bytes);
      etags[i] = r.etag;
      if (withFloor) {
        const bareHttp = await time(floorUrl);
        bare.ms.push(bareHttp.ms);
        bare.cpu.push(bareHttp.cpu);
        const servedRender = await time(`${floorUrl}render/${i % people.length}`);
        served.ms.push(servedRender.ms);
        served.cpu.push(servedRender.cpu);
      }
      floorBody = Buffer.from(r.body);
    }
    return { ours, theirs, etags, bare, served };
  };
  renderPerson = (i) =>
    render(
      snapshot.filter((s) => people[i].sessions.has(s.id)),
      true,
    );
  const first = await personalRound(() => ({}));
  const polls = await personalRound(() => ({}), true);
  const revalidations = await personalRound((i) => ({ 'if-none-match': polls.etags[i] }));
  const personalEvents = STARS_EACH + 1;
  // Last: a connection left idle for a minute (the whole programme takes ical-generator ~0.3 s) is closed by the server.
  const baselineFull: number[] = [];
  for (let i = 0; i < FULL_REQUESTS; i++) baselineFull.push(timeRender(snapshot, false).ms);

  const f = stats(full);
  const bf = stats(baselineFull);
  const p = stats(polls.ours.ms);
  const bp = stats(polls.theirs.ms);
  const pf = stats(first.ours.ms);
  const bpf = stats(first.theirs.ms);
  const pr = stats(revalidations.ours.ms);
  const bpr = stats(revalidations.theirs.ms);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = [
    ['full programme feed, mean', f.mean, bf.mean, 'ms'],
    ['full programme feed, p99', f.p99, bf.p99, 'ms'],
    ['personal feed (poll), mean', p.mean, bp.mean, 'ms'],
    ['personal feed (poll), p99', p.p99, bp.p99, 'ms'],
    ['personal feed (poll), CPU', mean(polls.ours.cpu), mean(polls.theirs.cpu), 'ms'],
    ['personal feed (first), mean', pf.mean, bpf.mean, 'ms'],
    ['personal feed (first), p99', pf.p99, bpf.p99, 'ms'],
    ['personal feed (first), CPU', mean(first.ours.cpu), mean(first.theirs.cpu), 'ms'],
    ['personal feed size', mean(polls.ours.bytes) / 1024, mean(polls.theirs.bytes) / 1024, 'KB'],
    ['HTTP floor (bare node:http)', mean(polls.bare.ms), bp.mean, 'ms'],
    ['HTTP floor, CPU', mean(polls.bare.cpu), mean(polls.theirs.cpu), 'ms'],
    ['ical-generator behind node:http', mean(polls.served.ms), bp.mean, 'ms'],
    ['ical-generator behind node:http, CPU', mean(polls.served.cpu), mean(polls.theirs.cpu), 'ms'],
    ['extra: poll with ETag → 304', pr.mean, bpr.mean, 'ms'],
    ['extra: poll with ETag, CPU', mean(revalidations.ours.cpu), mean(revalidations.theirs.cpu), 'ms'],
  ] as const;
  console.log(
    `Calendar feeds: ${SESSIONS} sessions, ${ATTENDEES} attendees × ${STARS_EACH} stars (setup: sessions ${(setupSessions / 1000).toFixed(1)} s)`,
  );
  console.log(
    `full feed: ${fullEvents} events, ${(fullBytes / 1024).toFixed(0)} KB; personal feed: ${personalEvents} events`,
  );
  console.log(
    `${'measure'.padEnd(38)} ${'Duijie (HTTP)'.padStart(14)} ${'ical-generator'.padStart(15)} ${'ratio'.padStart(8)}`,
  );
  for (const [name, ours, theirs, unit] of rows) {
    console.log(
      `${name.padEnd(38)} ${`${ours.toFixed(2)} ${unit}`.padStart(14)} ${`${theirs.toFixed(2)} ${unit}`.padStart(15)} ${`${(ours / theirs).toFixed(2)}×`.padStart(8)}`,
    );
  }
  const ratio = p.mean / bp.mean;
  const servedRatio = p.mean / mean(polls.served.ms);
  console.log(
    `goal: personal feed polls at or under 1.0× ical-generator alone: ${ratio <= 1 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}×; ` +
      `${servedRatio.toFixed(2)}× ical-generator behind the same HTTP transport)`,
  );
  mkdirSync(join(ROOT, 'data', 'bench'), { recursive: true });
  writeFileSync(
    join(ROOT, 'data', 'bench', 'agenda.json'),
    JSON.stringify(
      {
        sessions: SESSIONS,
        attendees: ATTENDEES,
        full: f,
        personal: p,
        personalFirst: pf,
        personalRevalidated: pr,
        baselineFull: bf,
        baselinePersonal: bp,
        baselinePersonalFirst: bpf,
        baselinePersonalRevalidated: bpr,
        cpuPerPoll: mean(polls.ours.cpu),
        floorPerPoll: mean(polls.bare.ms),
        floorCpuPerPoll: mean(polls.bare.cpu),
        servedRenderPerPoll: mean(polls.served.ms),
        servedRenderCpuPerPoll: mean(polls.served.cpu),
        goal: { ratio, servedRatio, met: ratio <= 1 },
        cpuPerRender: mean(polls.theirs.cpu),
        personalBytes: mean(polls.ours.bytes),
        baselinePersonalBytes: mean(polls.theirs.bytes),
      },
      null,
      2,
    ),
  );
} finally {
  floor.close();
  agent.destroy();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
