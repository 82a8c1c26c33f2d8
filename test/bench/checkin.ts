/**
 * Check-in throughput: POST /api/events/:id/checkins from 50 concurrent clients (a paired scanner device's token)
 * on the built app (dist/), against a minimal node:http + better-sqlite3 server that verifies the same Ed25519
 * signature and inserts the same check-in row, loaded the same way in the same run, so the figures read as ratios.
 *
 *   npm run bench:checkin      (= npm run build && node --import tsx test/bench/checkin.ts)
 *
 * Duijie runs as `node dist/src/main.js` on a fresh SQLite data folder (DEMO_DATA=false, MAIL_WORKER=false,
 * RATE_LIMIT_SCALE=0). The bench creates and publishes an event through the API, registers BADGES people (each gets a
 * signed badge), pairs a device for the entrance list and reads the badge codes from the SQLite file. The baseline gets
 * the same number of badges signed by the bench with a key of its own. Each target first answers WARMUP scans of a
 * forged code (refused as unknown), then SCANS scans that go through the badges in turn, each with its own nonce:
 * the first pass checks everyone in (ok), the later ones answer already_checked_in; the bench checks both tallies.
 * The baseline does per scan what the check-in needs at the least: parse the JSON, verify the signature with the event
 * key, read the badge, registration and first check-in by code, insert the row (a first check-in claimed by a unique
 * index, else an already_checked_in row naming the first). Its runs are short, so it runs three times and the median is reported.
 * Everything listens on 127.0.0.1; children are killed on exit, on failure and on a global deadline. Figures are
 * printed as a table and written to data/bench/checkin.json.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateEventKeyPair, privateKeyFrom, signBadge } from '../../src/badges/badge-token.js';
import {
  APP_ENV_DROP,
  MAIN,
  childEnv,
  cpuMs,
  expectStatus,
  guard,
  jsonClient,
  machine,
  percentile,
  printTable,
  profileArgs,
  progress,
  requireSetup,
  round,
  run,
  scratchDir,
  startServer,
  stop as stopChild,
  writeReport,
} from './harness.js';

const BADGES = 2_000;
const SCANS = 10_000;
const WARMUP = 1_000;
const CONCURRENCY = 50;
const BASELINE_RUNS = 3;
/** The aim of the issue: Duijie's throughput at least this share of the baseline's. */
const AIM = 0.6;
const READY_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5000;
/** The whole bench (without the build) stops with an error past this point, killing whatever it started. */
const DEADLINE_MS = 280_000;
const ADMIN = { email: 'bench@duijie.local', password: 'bench-password-not-secret' };
const require = createRequire(import.meta.url);

/**
 * The baseline: node:http + better-sqlite3 doing the least a scan needs. Tables hold what the scan reads and writes
 * (badge, registration with category, check-in row with the same columns and unique indexes as Duijie's). Badges come
 * from seed.json in its data folder; run with `node -e`.
 */
const BASELINE_SOURCE = String.raw`
const http = require('node:http');
const path = require('node:path');
const fs = require('node:fs');
const crypto = require('node:crypto');
const Database = require(process.env.BENCH_BETTER_SQLITE3);
const seed = JSON.parse(fs.readFileSync(path.join(process.env.DATA_DIR, 'seed.json'), 'utf8'));
const db = new Database(path.join(process.env.DATA_DIR, 'baseline.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.exec([
  'CREATE TABLE category (id INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, colour TEXT NOT NULL);',
  'CREATE TABLE registration (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, category_id INTEGER NOT NULL',
  '  REFERENCES category(id), name TEXT NOT NULL, organisation TEXT NOT NULL, title TEXT, status TEXT NOT NULL);',
  'CREATE TABLE badge (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, registration_id INTEGER NOT NULL',
  '  REFERENCES registration(id), code TEXT NOT NULL UNIQUE, revoked_at TEXT);',
  'CREATE TABLE check_in (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, list_id INTEGER NOT NULL,',
  '  registration_id INTEGER REFERENCES registration(id), badge_id INTEGER, result TEXT NOT NULL, first_of INTEGER,',
  '  source TEXT NOT NULL, nonce TEXT, device_id TEXT, device_name TEXT, user_id INTEGER, paired_device_id INTEGER,',
  '  scanned_at TEXT NOT NULL, local_result TEXT, flagged INTEGER NOT NULL DEFAULT 0, answer TEXT NOT NULL,',
  '  created_at TEXT NOT NULL);',
  'CREATE UNIQUE INDEX check_in_nonce ON check_in (event_id, nonce);',
  'CREATE UNIQUE INDEX check_in_first ON check_in (list_id, first_of);',
  'CREATE INDEX check_in_result ON check_in (event_id, result, scanned_at);',
  'CREATE INDEX check_in_list ON check_in (list_id, registration_id);',
].join('\n'));
db.prepare("INSERT INTO category (id, code, name, colour) VALUES (1, 'enterprise', '企业代表', '#1d4f91')").run();
const addReg = db.prepare("INSERT INTO registration (id, event_id, category_id, name, organisation, title, status) VALUES (?, 1, 1, ?, ?, '总经理', 'confirmed')");
const addBadge = db.prepare('INSERT INTO badge (event_id, registration_id, code) VALUES (1, ?, ?)');
db.transaction(() => { for (const b of seed.badges) { addReg.run(b.registrationId, b.name, b.organisation); addBadge.run(b.registrationId, b.code); } })();
const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: seed.publicKey }, format: 'jwk' });
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function verify(code) {
  if (typeof code !== 'string' || code.length !== 122 || !code.startsWith('DJ')) return undefined;
  let bits = 0, value = 0; const out = [];
  for (let i = 2; i < code.length; i++) {
    const index = ALPHABET.indexOf(code[i]); if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff; bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  const bytes = Buffer.from(out);
  if (bytes.length !== 75 || bytes[0] !== 1) return undefined;
  if (!crypto.verify(null, bytes.subarray(0, 11), key, bytes.subarray(11))) return undefined;
  return { eventId: bytes.readUInt32BE(1), registrationId: bytes.readUInt32BE(5) };
}
const byCode = db.prepare('SELECT b.id AS badgeId, b.registration_id AS registrationId, b.revoked_at AS revokedAt, r.status, r.name, r.organisation, r.title, c.id AS categoryId, c.code, c.name AS categoryName, c.colour, f.scanned_at AS firstAt, f.device_id AS firstDeviceId, f.device_name AS firstDeviceName FROM badge b JOIN registration r ON r.id = b.registration_id JOIN category c ON c.id = r.category_id LEFT JOIN check_in f ON f.list_id = 1 AND f.first_of = r.id WHERE b.code = ? AND b.event_id = ?');
const insert = db.prepare("INSERT INTO check_in (event_id, list_id, registration_id, badge_id, result, first_of, source, nonce, device_id, device_name, paired_device_id, scanned_at, flagged, answer, created_at) VALUES (1, 1, ?, ?, ?, ?, 'api', ?, ?, 'bench', 1, ?, 0, ?, ?) ON CONFLICT DO NOTHING RETURNING id");
const first = db.prepare('SELECT scanned_at AS at, device_id AS deviceId, device_name AS deviceName FROM check_in WHERE list_id = 1 AND first_of = ?');
const byNonce = db.prepare('SELECT answer FROM check_in WHERE event_id = 1 AND nonce = ?');
const scan = db.transaction((body) => {
  const claims = verify(body.code);
  const row = claims && claims.eventId === 1 ? byCode.get(body.code, 1) : undefined;
  const now = new Date().toISOString();
  const answer = { result: 'unknown', listId: 1 };
  if (row) {
    answer.attendee = { registrationId: row.registrationId, name: row.name, organisation: row.organisation, title: row.title, category: { id: row.categoryId, code: row.code, name: row.categoryName, colour: row.colour } };
    answer.result = row.revokedAt ? 'revoked' : row.status === 'confirmed' ? 'ok' : 'not_confirmed';
  }
  const add = (a, firstOf) => insert.all(row ? row.registrationId : null, row ? row.badgeId : null, a.result, firstOf, body.nonce ?? null, body.deviceId ?? null, now, JSON.stringify(a), now);
  if (answer.result !== 'ok') { if (add(answer, null).length === 0) return JSON.parse(byNonce.get(body.nonce).answer); return answer; }
  let earlier = row.firstAt ? { at: row.firstAt, deviceId: row.firstDeviceId, deviceName: row.firstDeviceName } : undefined;
  if (!earlier) {
    if (add(answer, row.registrationId).length === 1) return answer;
    const replay = body.nonce && byNonce.get(body.nonce);
    if (replay) return JSON.parse(replay.answer);
    earlier = first.get(row.registrationId);
  }
  const again = { ...answer, result: 'already_checked_in', firstCheckIn: { at: earlier.at, deviceId: earlier.deviceId, deviceName: earlier.deviceName, listId: 1 } };
  add(again, null);
  return again;
});
const send = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};
http.createServer((req, res) => {
  if (req.method === 'POST' && /^\/api\/events\/1\/checkins$/.test(req.url)) {
    if (!/^Bearer .{20,}/.test(req.headers.authorization || '')) return send(res, 401, { error: 'unauthenticated' });
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return send(res, 400, { error: 'bad_json' }); }
      if (typeof body.code !== 'string' || body.code.length > 300 || (body.nonce !== undefined && !/^[A-Za-z0-9_-]{8,64}$/.test(body.nonce)))
        return send(res, 400, { error: 'validation_failed' });
      try { send(res, 200, scan(body)); } catch (error) { send(res, 500, { error: String(error) }); }
    });
    return;
  }
  if (req.url === '/health') return send(res, 200, { status: 'ok' });
  send(res, 404, { error: 'not_found' });
}).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => { db.close(); process.exit(0); });
`;

type Target = 'duijie' | 'baseline';

interface LoadFigures {
  scans: number;
  concurrency: number;
  seconds: number;
  scansPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  serverCpuMsPerScan: number;
  statuses: Record<string, number>;
  results: Record<string, number>;
}

guard(DEADLINE_MS);

const { call } = jsonClient(CONCURRENCY, REQUEST_TIMEOUT_MS);

function start(target: Target, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  return startServer({
    label: target,
    args: [...profileArgs(), ...(target === 'duijie' ? [MAIN] : ['-e', BASELINE_SOURCE])],
    env: (port) =>
      childEnv([...APP_ENV_DROP, 'TLS_CERT_FILE', 'TLS_KEY_FILE'], {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO_DATA: 'false',
        MAIL_WORKER: 'false',
        RATE_LIMIT_SCALE: '0',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        BENCH_BETTER_SQLITE3: require.resolve('better-sqlite3'),
      }),
    healthy: async (port) => (await call(port, 'GET', '/health')).status === 200,
    readyTimeoutMs: READY_TIMEOUT_MS,
    pollMs: 20,
  });
}

const stop = (child: ChildProcess) => stopChild(child, STOP_TIMEOUT_MS);

const person = (n: number) => ({
  name: `参会者${n}`,
  email: `person${n}@example.cn`,
  organisation: '重庆武瓴智行科技有限公司',
  title: '总经理',
  category: 'enterprise',
  consent: true,
});

/** Event, category, BADGES registrations, a paired device: answers the event id, the device's bearer and the codes. */
async function setUpDuijie(
  port: number,
  dataDir: string,
): Promise<{ eventId: number; auth: Record<string, string>; codes: string[] }> {
  const login = await call(port, 'POST', '/api/auth/login', ADMIN);
  expectStatus('login', login, 200);
  const organiser = { authorization: `Bearer ${(login.json as { accessToken: string }).accessToken}` };
  const day = 24 * 3600 * 1000;
  const startsAt = new Date(Date.now() + 30 * day);
  const created = await call(
    port,
    'POST',
    '/api/events',
    {
      slug: 'bench-checkin',
      title: '成都都市圈先进技术成果转化推介活动',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 8 * 3600 * 1000).toISOString(),
      venues: [{ name: '主会场', kind: 'main', rooms: [] }],
    },
    organiser,
  );
  expectStatus('create event', created, 201);
  const eventId = (created.json as { id: number }).id;
  expectStatus('publish', await call(port, 'POST', `/api/events/${eventId}/publish`, undefined, organiser), 200);
  const category = { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise', capacity: BADGES };
  expectStatus('category', await call(port, 'POST', `/api/events/${eventId}/categories`, category, organiser), 201);
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < BADGES) {
        const res = await call(port, 'POST', `/api/events/${eventId}/registrations`, person(++next));
        expectStatus('register', res, 201);
      }
    }),
  );
  const lists = await call(port, 'GET', `/api/events/${eventId}/checkin-lists`, undefined, organiser);
  const entrance = (lists.json as { id: number; kind: string }[]).find((l) => l.kind === 'entrance')!;
  const issued = await call(
    port,
    'POST',
    `/api/events/${eventId}/checkin-devices`,
    { name: 'bench', listId: entrance.id },
    organiser,
  );
  expectStatus('device', issued, 201);
  const paired = await call(port, 'POST', '/api/devices/pair', {
    token: (issued.json as { pairingToken: string }).pairingToken,
  });
  expectStatus('pair', paired, 200);
  type Sqlite = new (
    file: string,
    options: { readonly: boolean },
  ) => { prepare(sql: string): { all(...params: unknown[]): unknown[] }; close(): void };
  const Database = require('better-sqlite3') as Sqlite;
  const db = new Database(join(dataDir, 'duijie.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT code FROM badges WHERE "eventId" = ? AND "revokedAt" IS NULL ORDER BY id')
      .all(eventId) as { code: string }[];
    if (rows.length !== BADGES) throw new Error(`expected ${BADGES} badges, found ${rows.length}`);
    return {
      eventId,
      auth: { authorization: `Bearer ${(paired.json as { deviceToken: string }).deviceToken}` },
      codes: rows.map((r) => r.code),
    };
  } finally {
    db.close();
  }
}

/** The baseline's badges, signed by the bench with a key of its own, written where the baseline reads them. */
function seedBaseline(dataDir: string): string[] {
  const keys = generateEventKeyPair();
  const key = privateKeyFrom(keys.privateKey);
  const badges = Array.from({ length: BADGES }, (_, i) => ({
    registrationId: i + 1,
    name: person(i + 1).name,
    organisation: person(i + 1).organisation,
    code: signBadge({ eventId: 1, registrationId: i + 1, serial: 1 }, key),
  }));
  writeFileSync(join(dataDir, 'seed.json'), JSON.stringify({ publicKey: keys.publicKey, badges }));
  return badges.map((b) => b.code);
}

/** `total` scans, CONCURRENCY clients at a time; `code(n)` names the n-th scan's badge. */
async function burst(
  pid: number,
  port: number,
  eventId: number,
  auth: Record<string, string>,
  total: number,
  code: (n: number) => string,
  label: string,
): Promise<LoadFigures> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const results: Record<string, number> = {};
  const client = async (c: number) => {
    while (next < total) {
      const n = next++;
      const t0 = performance.now();
      let key: string;
      try {
        const res = await call(
          port,
          'POST',
          `/api/events/${eventId}/checkins`,
          { code: code(n), nonce: `${label}-${n}-bench`, deviceId: `gate-${c}` },
          auth,
        );
        key = String(res.status);
        const result = (res.json as { result?: string })?.result;
        if (result) results[result] = (results[result] ?? 0) + 1;
      } catch (error) {
        key = (error as Error).message;
      }
      latencies.push(performance.now() - t0);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  };
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, c) => client(c)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    scans: total,
    concurrency: CONCURRENCY,
    seconds,
    scansPerSecond: total / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1],
    serverCpuMsPerScan: cpu / total,
    statuses,
    results,
  };
}

async function measure(target: Target): Promise<LoadFigures> {
  const dataDir = scratchDir(target);
  let codes = target === 'baseline' ? seedBaseline(dataDir) : [];
  const { child, port } = await start(target, dataDir);
  try {
    let eventId = 1;
    let auth: Record<string, string> = { authorization: 'Bearer bench-baseline-token-not-checked' };
    if (target === 'duijie') ({ eventId, auth, codes } = await setUpDuijie(port, dataDir));
    // Forged codes first: both servers warm up on the refusal path without checking anyone in.
    const forged = codes[0].slice(0, 40) + (codes[0][40] === 'A' ? 'B' : 'A') + codes[0].slice(41);
    const warm = await burst(child.pid!, port, eventId, auth, WARMUP, () => forged, 'warm');
    if (warm.results.unknown !== WARMUP) throw new Error(`${target}: warm-up answered ${JSON.stringify(warm.results)}`);
    const figures = await burst(child.pid!, port, eventId, auth, SCANS, (n) => codes[n % codes.length], 'scan');
    const expected = { ok: BADGES, already_checked_in: SCANS - BADGES };
    if (figures.statuses['200'] !== SCANS || JSON.stringify(figures.results) !== JSON.stringify(expected))
      throw new Error(
        `${target}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(figures.results)} (${JSON.stringify(figures.statuses)})`,
      );
    return figures;
  } finally {
    await stop(child);
  }
}

async function main(): Promise<void> {
  requireSetup(MAIN, 'bench:checkin', 'stat', 'CPU time');

  const baselineRuns: LoadFigures[] = [];
  const runs: Target[] = ['baseline', 'duijie', ...Array<Target>(BASELINE_RUNS - 1).fill('baseline')];
  let duijie: LoadFigures | undefined;
  for (const [i, target] of runs.entries()) {
    progress(`run ${i + 1}/${runs.length}: ${target}…`);
    const figures = await measure(target);
    if (target === 'duijie') duijie = figures;
    else baselineRuns.push(figures);
  }
  if (process.stderr.isTTY) process.stderr.write(`\r${''.padEnd(60)}\r`);
  const byThroughput = [...baselineRuns].sort((a, b) => a.scansPerSecond - b.scansPerSecond);
  const results: Record<Target, LoadFigures> = {
    duijie: duijie!,
    baseline: byThroughput[Math.floor(byThroughput.length / 2)],
  };

  const rows = [
    { metric: 'throughput', unit: 'scans/s', key: 'scansPerSecond', digits: 0 },
    { metric: 'latency p50', unit: 'ms', key: 'p50Ms', digits: 1 },
    { metric: 'latency p99', unit: 'ms', key: 'p99Ms', digits: 1 },
    { metric: 'latency max', unit: 'ms', key: 'maxMs', digits: 1 },
    { metric: 'server CPU per scan', unit: 'ms', key: 'serverCpuMsPerScan', digits: 3 },
  ] as const;
  const table = rows.map((row) => ({
    metric: row.metric,
    unit: row.unit,
    duijie: round(results.duijie[row.key], row.digits),
    baseline: round(results.baseline[row.key], row.digits),
    ratio: round(results.duijie[row.key] / results.baseline[row.key], 2),
  }));
  const share = results.duijie.scansPerSecond / results.baseline.scansPerSecond;

  const cpu = machine();
  console.log(
    `Check-in: ${SCANS.toLocaleString('en')} POST /api/events/:id/checkins over ${BADGES.toLocaleString('en')} badges ` +
      `(${BADGES.toLocaleString('en')} ok, then already_checked_in), ${CONCURRENCY} concurrent clients, after ` +
      `${WARMUP.toLocaleString('en')} forged-code warm-up scans`,
  );
  console.log(
    `Duijie (node dist/src/main.js, SQLite, paired-device token) vs node:http + better-sqlite3 (Ed25519 verify + ` +
      `badge read + check-in INSERT); node ${process.version}, ${cpu.summary}`,
  );
  const widths = [22, 10, 10, 8, 8];
  printTable(
    widths,
    table.map((row, i) => {
      const digits = rows[i].digits;
      return [
        row.metric,
        row.duijie.toFixed(digits),
        row.baseline.toFixed(digits),
        `${row.ratio.toFixed(2)}×`,
        row.unit,
      ];
    }),
  );
  console.log(
    `baseline runs: ${baselineRuns.map((r) => Math.round(r.scansPerSecond)).join(', ')} scans/s (the median is reported)`,
  );
  console.log(
    `aim: Duijie at least ${AIM * 100} % of the baseline's throughput: ${share >= AIM ? 'met' : 'NOT met'} ` +
      `(${(share * 100).toFixed(0)} %)`,
  );

  writeReport('checkin.json', {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpu.cpus,
    cpuModel: cpu.cpuModel,
    badges: BADGES,
    scans: SCANS,
    warmup: WARMUP,
    concurrency: CONCURRENCY,
    table,
    shareOfBaseline: round(share, 3),
    aimMet: share >= AIM,
    duijie: results.duijie,
    baselineRuns,
  });
}

await run(main);
