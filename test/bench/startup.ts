/**
 * Start-up time and resident memory of the built app (dist/), against a minimal node:http + better-sqlite3 server
 * started the same way in the same run, so the figures read as ratios rather than absolute numbers of one machine.
 *
 *   npm run bench      (= npm run build && node --import tsx test/bench/startup.ts)
 *
 * Start-up is measured from spawn() to the first 200 from GET /health: five first starts, each on an empty data
 * folder (migrations + demo load), and five warm restarts on an existing one; the median is reported. Memory is
 * VmRSS from /proc/<pid>/status on a warm start with the demo data: at idle, then after 1,000 requests (10 at a
 * time) over the public routes. Runs of the app and of the baseline alternate so that drift of the machine hits
 * both alike. Everything listens on 127.0.0.1; every child is killed on exit, on failure and on a global deadline.
 * Figures are printed as a table and written to data/bench/startup.json.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  APP_ENV_DROP,
  MAIN,
  childEnv,
  guard,
  machine,
  median,
  printTable,
  progress,
  requireSetup,
  round,
  run,
  scratchDir,
  startServer,
  stop as stopChild,
  writeReport,
} from './harness.js';

const RUNS = 5;
const REQUESTS = 1000;
const CONCURRENCY = 10;
/** Quiet time after the first 200 before idle memory is read: lets start-up garbage be collected or not, alike. */
const IDLE_MS = 2000;
const READY_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5000;
/** The whole bench (without the build) stops with an error past this point, killing whatever it started. */
const DEADLINE_MS = 170_000;
const POLL_MS = 10;

const DUIJIE_ROUTES = ['/api/events', '/api/events/1', '/', '/events/chengdu-metro', '/health'];
const BASELINE_ROUTES = ['/health', '/api/items/1'];

/**
 * The baseline: the least a Node server backed by SQLite does at start-up. It loads better-sqlite3, opens a file in
 * WAL mode, creates one table (with one row on a first start), answers /health with SELECT 1 and one JSON route
 * reading a row. Run with `node -e`; the path of better-sqlite3 comes from the bench so that it resolves from here.
 */
const BASELINE_SOURCE = String.raw`
const http = require('node:http');
const path = require('node:path');
const Database = require(process.env.BENCH_BETTER_SQLITE3);
const db = new Database(path.join(process.env.DATA_DIR, 'baseline.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL, starts_at TEXT NOT NULL)');
if (db.prepare('SELECT COUNT(*) AS n FROM item').get().n === 0) {
  db.prepare('INSERT INTO item (slug, title, starts_at) VALUES (?, ?, ?)').run('chengdu-metro', '成都对接会', '2024-05-20T01:00:00Z');
}
const ping = db.prepare('SELECT 1 AS one');
const byId = db.prepare('SELECT id, slug, title, starts_at AS startsAt FROM item WHERE id = ?');
const send = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};
http.createServer((req, res) => {
  try {
    if (req.url === '/health') { ping.get(); return send(res, 200, { status: 'ok' }); }
    const match = /^\/api\/items\/(\d+)$/.exec(req.url);
    const row = match && byId.get(Number(match[1]));
    if (row) return send(res, 200, row);
    send(res, 404, { error: 'not_found' });
  } catch {
    send(res, 503, { status: 'error' });
  }
}).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => { db.close(); process.exit(0); });
`;

type Target = 'duijie' | 'baseline';

interface Started {
  child: ChildProcess;
  port: number;
  readyMs: number;
}

interface MemoryFigures {
  idleRssMb: number;
  afterLoadRssMb: number;
  peakRssMb: number;
  requests: number;
  concurrency: number;
  loadSeconds: number;
  requestsPerSecond: number;
  routes: string[];
}

guard(DEADLINE_MS);

/** Spawns one server and resolves when /health first answers 200; readyMs counts from just before spawn(). */
function start(target: Target, dataDir: string): Promise<Started> {
  return startServer({
    label: target,
    args: target === 'duijie' ? [MAIN] : ['-e', BASELINE_SOURCE],
    env: (port) =>
      childEnv(APP_ENV_DROP, {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: 'bench@duijie.local',
        ADMIN_PASSWORD: 'bench-password-not-secret',
        BENCH_BETTER_SQLITE3: createRequire(import.meta.url).resolve('better-sqlite3'),
      }),
    healthy: async (port) => {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status === 200;
    },
    readyTimeoutMs: READY_TIMEOUT_MS,
    pollMs: POLL_MS,
  });
}

const stop = (child: ChildProcess) => stopChild(child, STOP_TIMEOUT_MS);

function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** REQUESTS requests over the routes in turn, CONCURRENCY at a time; any answer but 200 fails the bench. */
async function load(port: number, routes: string[]): Promise<number> {
  let next = 0;
  const failures: string[] = [];
  const worker = async () => {
    while (next < REQUESTS) {
      const path = routes[next++ % routes.length];
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await res.arrayBuffer();
        if (res.status !== 200) failures.push(`${path}: ${res.status}`);
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  if (failures.length > 0) {
    throw new Error(
      `${failures.length} of ${REQUESTS} requests failed, e.g. ${[...new Set(failures)].slice(0, 5).join('; ')}`,
    );
  }
  return seconds;
}

async function measureMemory(target: Target, dataDir: string, routes: string[]): Promise<MemoryFigures> {
  const { child, port } = await start(target, dataDir);
  try {
    await sleep(IDLE_MS);
    const pid = child.pid!;
    const idle = memory(pid);
    const loadSeconds = await load(port, routes);
    const after = memory(pid);
    return {
      idleRssMb: idle.rssMb,
      afterLoadRssMb: after.rssMb,
      peakRssMb: after.peakMb,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      loadSeconds,
      requestsPerSecond: REQUESTS / loadSeconds,
      routes,
    };
  } finally {
    await stop(child);
  }
}

async function main(): Promise<void> {
  requireSetup(MAIN, 'bench', 'status', 'memory');

  const startup: Record<Target, { first: number[]; warm: number[] }> = {
    duijie: { first: [], warm: [] },
    baseline: { first: [], warm: [] },
  };
  const warmDirs: Partial<Record<Target, string>> = {};
  const targets: Target[] = ['duijie', 'baseline'];

  // (a) first start: a new, empty data folder each time. The first folder of each is kept for the warm restarts.
  for (let run = 1; run <= RUNS; run++) {
    for (const target of targets) {
      const dir = scratchDir(`${target}-first${run}`);
      const { child, readyMs } = await start(target, dir);
      await stop(child);
      startup[target].first.push(readyMs);
      warmDirs[target] ??= dir;
      progress(`first start ${run}/${RUNS}: ${target} ${readyMs.toFixed(0)} ms`);
    }
  }
  // (b) warm restart on the data folder left by a first start (schema migrated, demo data loaded).
  for (let run = 1; run <= RUNS; run++) {
    for (const target of targets) {
      const { child, readyMs } = await start(target, warmDirs[target]!);
      await stop(child);
      startup[target].warm.push(readyMs);
      progress(`warm restart ${run}/${RUNS}: ${target} ${readyMs.toFixed(0)} ms`);
    }
  }
  progress(`memory: idle, then ${REQUESTS} requests`);
  const mem: Record<Target, MemoryFigures> = {
    duijie: await measureMemory('duijie', warmDirs.duijie!, DUIJIE_ROUTES),
    baseline: await measureMemory('baseline', warmDirs.baseline!, BASELINE_ROUTES),
  };
  progress('');
  if (process.stderr.isTTY) process.stderr.write('\r');

  const rows: { metric: string; unit: string; duijie: number; baseline: number }[] = [
    {
      metric: 'start-up, first start (empty data dir)',
      unit: 'ms',
      duijie: median(startup.duijie.first),
      baseline: median(startup.baseline.first),
    },
    {
      metric: 'start-up, warm restart',
      unit: 'ms',
      duijie: median(startup.duijie.warm),
      baseline: median(startup.baseline.warm),
    },
    {
      metric: `RSS at idle (${IDLE_MS / 1000} s after ready)`,
      unit: 'MB',
      duijie: mem.duijie.idleRssMb,
      baseline: mem.baseline.idleRssMb,
    },
    {
      metric: `RSS after ${REQUESTS} requests`,
      unit: 'MB',
      duijie: mem.duijie.afterLoadRssMb,
      baseline: mem.baseline.afterLoadRssMb,
    },
    { metric: 'peak RSS (VmHWM)', unit: 'MB', duijie: mem.duijie.peakRssMb, baseline: mem.baseline.peakRssMb },
  ];
  const table = rows.map((row) => ({
    metric: row.metric,
    unit: row.unit,
    duijie: round(row.duijie, row.unit === 'ms' ? 0 : 1),
    baseline: round(row.baseline, row.unit === 'ms' ? 0 : 1),
    ratio: round(row.duijie / row.baseline, 1),
  }));

  const cpu = machine();
  console.log(`Start-up and memory: Duijie (node dist/src/main.js) vs a minimal node:http + better-sqlite3 server`);
  console.log(`node ${process.version}, ${cpu.summary}; median of ${RUNS} runs`);
  const widths = [46, 10, 10, 10, 8];
  printTable(
    widths,
    table.map((row) => {
      const digits = row.unit === 'ms' ? 0 : 1;
      const cells = [row.duijie.toFixed(digits), row.baseline.toFixed(digits), `${row.ratio.toFixed(1)}×`];
      return [row.metric, ...cells, row.unit];
    }),
  );
  console.log(
    `load: Duijie ${Math.round(mem.duijie.requestsPerSecond)} req/s over ${DUIJIE_ROUTES.join(' ')}; ` +
      `baseline ${Math.round(mem.baseline.requestsPerSecond)} req/s over ${BASELINE_ROUTES.join(' ')} (${CONCURRENCY} concurrent)`,
  );
  const startFirst = median(startup.duijie.first);
  const idle = mem.duijie.idleRssMb;
  console.log(
    `aims: start-up < 3000 ms: ${startFirst < 3000 ? 'met' : 'NOT met'} (${Math.round(startFirst)} ms, first start); ` +
      `idle RSS < 200 MB: ${idle < 200 ? 'met' : 'NOT met'} (${idle.toFixed(1)} MB)`,
  );

  const report = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpu.cpus,
    cpuModel: cpu.cpuModel,
    runs: RUNS,
    idleMs: IDLE_MS,
    table,
    startupMs: {
      duijie: { first: startup.duijie.first.map((v) => round(v)), warm: startup.duijie.warm.map((v) => round(v)) },
      baseline: {
        first: startup.baseline.first.map((v) => round(v)),
        warm: startup.baseline.warm.map((v) => round(v)),
      },
    },
    memory: {
      duijie: {
        ...mem.duijie,
        idleRssMb: round(mem.duijie.idleRssMb),
        afterLoadRssMb: round(mem.duijie.afterLoadRssMb),
        peakRssMb: round(mem.duijie.peakRssMb),
        loadSeconds: round(mem.duijie.loadSeconds, 2),
        requestsPerSecond: round(mem.duijie.requestsPerSecond, 0),
      },
      baseline: {
        ...mem.baseline,
        idleRssMb: round(mem.baseline.idleRssMb),
        afterLoadRssMb: round(mem.baseline.afterLoadRssMb),
        peakRssMb: round(mem.baseline.peakRssMb),
        loadSeconds: round(mem.baseline.loadSeconds, 2),
        requestsPerSecond: round(mem.baseline.requestsPerSecond, 0),
      },
    },
  };
  writeReport('startup.json', report);
}

await run(main);
