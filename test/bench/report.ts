/**
 * The pipeline's funnel at the scale of a long-running series: 20 events, 50,000 intents, 500,000 stage changes
 * (corrections and reopenings included). Measures `IntentFunnel.forSeries` (and `forEvents` for one edition) against
 * one hand-written SQL statement computing the same aggregate from the stage history, in the same run, on SQLite and,
 * when TEST_DATABASE_URL is set, on a scratch PostgreSQL database next to it. Every run checks that both give the same
 * figures. The ratio is the service's speed relative to the single query (baseline ms / service ms; goal ≥ 0.5×).
 *
 *   npm run bench -- report      (builds first; the app is the built one, dist/)
 *
 * A second baseline is one statement over the intents' summary columns (what the service reads, in one round trip),
 * to show what the service's own overhead is. Figures: data/bench/report.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { guard, machine, median, PRODUCTION_ENV, printTable, progress, ROOT, run, writeReport } from './harness.js';

const dist = (path: string) => join(ROOT, 'dist', 'src', path);
const { createApp } = await import(dist('app.factory.js'));
const { loadConfig } = await import(dist('config/app-config.js'));
const { Database } = await import(dist('database/database.service.js'));
const { createScratchPostgres } = await import(dist('database/scratch-postgres.js'));
const { IntentFunnel } = await import(dist('intents/intent-funnel.service.js'));
const { summarise } = await import(dist('intents/domain/stages.js'));

const EVENTS = 20;
const INTENTS = 50_000;
const CHANGES = 500_000;
const ROUNDS = 9;
const NOW = new Date('2031-07-01T04:00:00Z');
const TODAY = '2031-07-01';
const STAGES = ['intent', 'negotiating', 'signed', 'landed', 'dropped'] as const;
type Stage = (typeof STAGES)[number];
const RANK: Record<Stage, number> = { intent: 0, negotiating: 1, signed: 2, landed: 3, dropped: -1 };
const CATEGORIES = ['electronics', 'materials', 'new_energy', 'equipment', 'biomedicine', 'aerospace'];
const CITIES = ['成都', '德阳', '眉山', '资阳', '雅安', '自贡', '绵阳', '苏州'];
const KINDS = ['technology_transfer', 'licence', 'joint_development', 'order', 'investment', 'other'];

/** mulberry32: the same dataset on every run and every database. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sqlTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

interface Dataset {
  intents: unknown[][];
  changes: unknown[][];
}

/** The intents and their histories, walked along the stage rules, with the summary columns from `summarise`. */
function generate(eventIds: number[], userIds: number[], orgIds: number[]): Dataset {
  const rnd = random(20_251_202);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const lengths = Array.from({ length: INTENTS }, () => 1 + Math.floor(rnd() * 19));
  let diff = CHANGES - lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % INTENTS) {
    if (diff > 0 && lengths[i] < 30) {
      lengths[i] += 1;
      diff -= 1;
    } else if (diff < 0 && lengths[i] > 1) {
      lengths[i] -= 1;
      diff += 1;
    }
  }
  const intents: unknown[][] = [];
  const changes: unknown[][] = [];
  let changeId = 0;
  const start = Date.parse('2029-01-01T02:00:00Z');
  for (let id = 1; id <= INTENTS; id += 1) {
    let at = start + Math.floor(rnd() * 900) * 86_400_000;
    const entries: { id: number; toStage: Stage; at: Date; correctsId: number | null; from: Stage | null }[] = [];
    let stage: Stage = rnd() < 0.05 ? 'signed' : 'intent';
    entries.push({ id: ++changeId, toStage: stage, at: new Date(at), correctsId: null, from: null });
    for (let n = 1; n < lengths[id - 1]; n += 1) {
      at += Math.floor((0.5 + rnd() * 20) * 86_400_000);
      const last = entries[entries.length - 1];
      const r = rnd();
      let to: Stage;
      let correctsId: number | null = null;
      if (stage === 'dropped') to = pick(['intent', 'negotiating', 'signed'] as const);
      else if (stage === 'landed' || (r > 0.8 && RANK[stage] > 0)) {
        to = STAGES[Math.max(0, RANK[stage] - 1)];
        correctsId = last.id;
      } else if (r < 0.15) to = 'dropped';
      else to = STAGES[Math.min(3, RANK[stage] + 1 + (rnd() < 0.1 ? 1 : 0))];
      entries.push({ id: ++changeId, toStage: to, at: new Date(at), correctsId, from: stage });
      stage = to;
    }
    const summary = summarise(entries);
    const first = entries[0].at;
    const lastAt = entries[entries.length - 1].at;
    const ownerRoll = rnd();
    const followUp =
      rnd() < 0.7 ? `20${30 + Math.floor(rnd() * 3)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 10)}` : null;
    intents.push([
      id,
      `意向 ${id}`,
      'free_text',
      pick(KINDS),
      rnd() < 0.8 ? Math.floor(rnd() * 2000) : null,
      eventIds[id % eventIds.length],
      rnd() < 0.85 ? pick(CATEGORIES) : null,
      rnd() < 0.9 ? pick(CITIES) : null,
      ownerRoll < 0.4 ? pick(userIds) : null,
      ownerRoll >= 0.4 && ownerRoll < 0.8 ? pick(orgIds) : null,
      followUp,
      stage,
      stage === 'landed' ? '德阳' : null,
      stage === 'landed' ? '2031-01-01' : null,
      stage === 'dropped' ? 'no_budget' : null,
      'import',
      summary.reachedRank,
      summary.intentAt && sqlTime(summary.intentAt),
      summary.negotiatingAt && sqlTime(summary.negotiatingAt),
      summary.signedAt && sqlTime(summary.signedAt),
      summary.landedAt && sqlTime(summary.landedAt),
      summary.droppedAt && sqlTime(summary.droppedAt),
      sqlTime(lastAt),
      sqlTime(lastAt),
      sqlTime(first),
      sqlTime(lastAt),
    ]);
    for (const e of entries) changes.push([e.id, id, e.from, e.toStage, sqlTime(e.at), 'import', e.correctsId]);
  }
  return { intents, changes };
}

const INTENT_COLUMNS = [
  'id',
  'title',
  'subjectKind',
  'kind',
  'valueWan',
  'eventId',
  'category',
  'city',
  'ownerUserId',
  'ownerOrganisationId',
  'nextFollowUpOn',
  'stage',
  'landedPlace',
  'landedOn',
  'droppedReason',
  'sourceKind',
  'reachedRank',
  'intentAt',
  'negotiatingAt',
  'signedAt',
  'landedAt',
  'droppedAt',
  'stageChangedAt',
  'lastActivityAt',
  'createdAt',
  'updatedAt',
];
const CHANGE_COLUMNS = ['id', 'intentId', 'fromStage', 'toStage', 'at', 'actor', 'correctsId'];

/** The same aggregate as the service, from the stage history, in one statement. */
function historyQuery(scope: string, isSqlite: boolean): string {
  const days = (a: string, b: string) =>
    isSqlite ? `(julianday(${b}) - julianday(${a}))` : `(EXTRACT(EPOCH FROM (${b} - ${a})) / 86400.0)`;
  const figures = `COUNT(*) AS total,
    SUM(CASE WHEN f.rnk >= 1 THEN 1 ELSE 0 END) AS r1, SUM(CASE WHEN f.rnk >= 2 THEN 1 ELSE 0 END) AS r2,
    SUM(CASE WHEN f.rnk >= 3 THEN 1 ELSE 0 END) AS r3, SUM(CASE WHEN f.ad IS NOT NULL THEN 1 ELSE 0 END) AS rd,
    SUM(CASE WHEN f.stage = 'intent' THEN 1 ELSE 0 END) AS c0, SUM(CASE WHEN f.stage = 'negotiating' THEN 1 ELSE 0 END) AS c1,
    SUM(CASE WHEN f.stage = 'signed' THEN 1 ELSE 0 END) AS c2, SUM(CASE WHEN f.stage = 'landed' THEN 1 ELSE 0 END) AS c3,
    SUM(CASE WHEN f.stage = 'dropped' THEN 1 ELSE 0 END) AS cd,
    COALESCE(SUM(f."valueWan"), 0) AS v0, COALESCE(SUM(CASE WHEN f.rnk >= 2 THEN f."valueWan" END), 0) AS v2,
    COALESCE(SUM(CASE WHEN f.rnk >= 3 THEN f."valueWan" END), 0) AS v3,
    SUM(CASE WHEN f.stage IN ('intent', 'negotiating', 'signed') AND f."nextFollowUpOn" < '${TODAY}' THEN 1 ELSE 0 END) AS od`;
  const owner = `CASE WHEN f."ownerUserId" IS NOT NULL THEN 'user:' || CAST(f."ownerUserId" AS VARCHAR(12)) WHEN f."ownerOrganisationId" IS NOT NULL THEN 'organisation:' || CAST(f."ownerOrganisationId" AS VARCHAR(12)) ELSE '' END`;
  const pairs = [
    ['intentToNegotiating', 'a0', 'a1'],
    ['negotiatingToSigned', 'a1', 'a2'],
    ['signedToLanded', 'a2', 'a3'],
    ['intentToSigned', 'a0', 'a2'],
    ['intentToLanded', 'a0', 'a3'],
  ];
  const nullFigures = 'CAST(NULL AS BIGINT), '.repeat(13);
  return `WITH scope AS (SELECT i.* FROM intents i WHERE ${scope}),
live AS (
  SELECT c."intentId", c."toStage", c."at" FROM intent_stage_changes c JOIN scope s ON s.id = c."intentId"
  WHERE NOT EXISTS (SELECT 1 FROM intent_stage_changes x WHERE x."correctsId" = c.id)),
h AS (
  SELECT "intentId",
    MAX(CASE "toStage" WHEN 'negotiating' THEN 1 WHEN 'signed' THEN 2 WHEN 'landed' THEN 3 ELSE 0 END) AS rnk,
    MIN(CASE WHEN "toStage" = 'intent' THEN "at" END) AS a0, MIN(CASE WHEN "toStage" = 'negotiating' THEN "at" END) AS a1,
    MIN(CASE WHEN "toStage" = 'signed' THEN "at" END) AS a2, MIN(CASE WHEN "toStage" = 'landed' THEN "at" END) AS a3,
    MIN(CASE WHEN "toStage" = 'dropped' THEN "at" END) AS ad
  FROM live GROUP BY "intentId"),
f AS (SELECT s.*, COALESCE(h.rnk, 0) AS rnk, h.a0, h.a1, h.a2, h.a3, h.ad FROM scope s LEFT JOIN h ON h."intentId" = s.id),
d AS (${pairs
    .map(
      ([pair, a, b]) =>
        `SELECT '${pair}' AS pair, ${days(a, b)} AS v FROM f WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL AND ${b} >= ${a}`,
    )
    .join(' UNION ALL ')}),
r AS (SELECT pair, v, ROW_NUMBER() OVER (PARTITION BY pair ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY pair) AS n FROM d)
SELECT 'all' AS dim, '' AS k, ${figures}, CAST(NULL AS DOUBLE PRECISION) AS median FROM f
UNION ALL SELECT 'category', COALESCE(f.category, ''), ${figures}, NULL FROM f GROUP BY f.category
UNION ALL SELECT 'city', COALESCE(f.city, ''), ${figures}, NULL FROM f GROUP BY f.city
UNION ALL SELECT 'kind', f.kind, ${figures}, NULL FROM f GROUP BY f.kind
UNION ALL SELECT 'owner', ${owner}, ${figures}, NULL FROM f GROUP BY f."ownerUserId", f."ownerOrganisationId"
UNION ALL SELECT 'event', COALESCE(CAST(f."eventId" AS VARCHAR(12)), ''), ${figures}, NULL FROM f GROUP BY f."eventId"
UNION ALL SELECT 'median', pair, MAX(n), ${nullFigures}CAST(AVG(v) AS DOUBLE PRECISION) FROM r WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY pair`;
}

/** The service's two statements as one (over the summary columns): what the service costs beyond its SQL. */
function summaryQuery(scope: string, isSqlite: boolean): string {
  const { figures, medians } = IntentFunnel.queries(scope, TODAY, isSqlite);
  return `SELECT g.dim, g.k, g.total, g.r1, g.r2, g.r3, g.rd, g.c_intent, g.c_negotiating, g.c_signed, g.c_landed, g.c_dropped, g.v0, g.v2, g.v3, g.od, CAST(NULL AS DOUBLE PRECISION) AS median FROM (${figures}) g
UNION ALL SELECT 'median', m.pair, m.n, ${'CAST(NULL AS BIGINT), '.repeat(13)}CAST(m.median AS DOUBLE PRECISION) FROM (${medians}) m`;
}

type Row = Record<string, unknown>;

/** The baseline's rows as the service's figures (by dimension and key), to compare both. */
function figuresOfRows(rows: Row[]) {
  const n = (v: unknown) => Number(v ?? 0);
  const out = new Map<string, string>();
  for (const row of rows) {
    const values = Object.values(row);
    if (row.dim === 'median')
      out.set(`median/${String(row.k)}`, `${Math.round(Number(values.at(-1)) * 100) / 100}/${n(values[2])}`);
    else out.set(`${String(row.dim)}/${String(row.k)}`, values.slice(2, 16).map(n).join(','));
  }
  return out;
}

function figuresOfReport(report: {
  medianDays: Record<string, number | null>;
  medianSamples: Record<string, number>;
  breakdowns: Record<string, { key: string }[]>;
}): Map<string, string> {
  const line = (g: {
    total: number;
    reachedCounts: Record<Stage, number>;
    currentCounts: Record<Stage, number>;
    valueWan: { estimated: number; signed: number; landed: number };
    overdueFollowUps: number;
  }) =>
    [
      g.total,
      g.reachedCounts.negotiating,
      g.reachedCounts.signed,
      g.reachedCounts.landed,
      g.reachedCounts.dropped,
      ...STAGES.map((s) => g.currentCounts[s]),
      g.valueWan.estimated,
      g.valueWan.signed,
      g.valueWan.landed,
      g.overdueFollowUps,
    ].join(',');
  const out = new Map<string, string>();
  out.set('all/', line(report as never));
  for (const [dim, groups] of Object.entries(report.breakdowns))
    for (const g of groups) out.set(`${dim}/${g.key}`, line(g as never));
  for (const [pair, days] of Object.entries(report.medianDays))
    if (days !== null) out.set(`median/${pair}`, `${days}/${report.medianSamples[pair]}`);
  return out;
}

function sameFigures(what: string, a: Map<string, string>, b: Map<string, string>): void {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const differ = [...keys].filter((k) => a.get(k) !== b.get(k));
  if (differ.length)
    throw new Error(
      `${what}: the figures differ at ${differ
        .slice(0, 5)
        .map((k) => `${k} (${a.get(k)} ≠ ${b.get(k)})`)
        .join('; ')}`,
    );
}

interface Target {
  label: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  cleanup: () => Promise<void>;
}

async function measure(target: Target) {
  const dataDir = mkdtempSync(join(tmpdir(), 'duijie-bench-report-'));
  const config = {
    ...loadConfig({
      ...PRODUCTION_ENV,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      DEMO_DATA: 'false',
      MAIL_WORKER: 'false',
    }),
    database: target.database,
  };
  const app = await createApp(config);
  try {
    const db = app.get(Database);
    const isSqlite: boolean = db.isSqlite;
    const em = db.manager;
    const t0 = performance.now();
    const insert = async (table: string, columns: string[], rows: unknown[][], batch: number) => {
      await db.transaction(async (tx: typeof em) => {
        for (let i = 0; i < rows.length; i += batch) {
          const params: unknown[] = [];
          const values = rows
            .slice(i, i + batch)
            .map((r) => `(${r.map((v) => (params.push(v), isSqlite ? '?' : `$${params.length}`)).join(', ')})`)
            .join(', ');
          await tx.query(
            `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`,
            params,
          );
          progress(`${target.label}: ${table} ${Math.min(i + batch, rows.length)} / ${rows.length}`);
        }
      });
    };
    const [series] = await em.query(
      `INSERT INTO event_series (slug, name) VALUES ('hutong-huxin', '互通互信 共建共享') RETURNING id`,
    );
    const seriesId = Number(series.id);
    const eventIds: number[] = [];
    for (let n = 1; n <= EVENTS; n += 1) {
      const day = `2029-${String(1 + ((n * 3) % 12)).padStart(2, '0')}-15`;
      const [row] = await em.query(
        `INSERT INTO events (slug, title, "seriesId", edition, "startsAt", "endsAt", status) VALUES (${isSqlite ? '?, ?, ?, ?, ?, ?, ?' : '$1, $2, $3, $4, $5, $6, $7'}) RETURNING id`,
        [`edition-${n}`, `第${n}次对接活动`, seriesId, n, `${day} 01:00:00.000`, `${day} 09:00:00.000`, 'closed'],
      );
      eventIds.push(Number(row.id));
    }
    const userIds: number[] = [];
    for (let n = 1; n <= 5; n += 1) {
      const [row] = await em.query(
        `INSERT INTO users (email, name, role) VALUES ('owner${n}@bench.example.cn', '负责人${n}', 'organiser') RETURNING id`,
      );
      userIds.push(Number(row.id));
    }
    const orgIds: number[] = [];
    for (let n = 1; n <= 20; n += 1) {
      const [row] = await em.query(
        `INSERT INTO organisations (name, "nameKey", kind) VALUES ('责任单位${n}', '责任单位${n}', 'government') RETURNING id`,
      );
      orgIds.push(Number(row.id));
    }
    const data = generate(eventIds, userIds, orgIds);
    await insert('intents', INTENT_COLUMNS, data.intents, isSqlite ? 1000 : 1000);
    await insert('intent_stage_changes', CHANGE_COLUMNS, data.changes, isSqlite ? 4000 : 5000);
    await em.query('ANALYZE');
    const loadSeconds = (performance.now() - t0) / 1000;
    progress('');

    const funnel = app.get(IntentFunnel);
    const seriesScope = `i."eventId" IN (SELECT e.id FROM events e WHERE e."seriesId" = ${seriesId})`;
    const eventScope = `i."eventId" IN (${eventIds[0]})`;
    const cases = [
      {
        name: `series (${EVENTS} events)`,
        service: () => funnel.forSeries(seriesId, { now: NOW }),
        history: historyQuery(seriesScope, isSqlite),
        summary: summaryQuery(seriesScope, isSqlite),
      },
      {
        name: 'one event',
        service: () => funnel.forEvents([eventIds[0]], { now: NOW }),
        history: historyQuery(eventScope, isSqlite),
        summary: summaryQuery(eventScope, isSqlite),
      },
    ];
    const results = [];
    for (const c of cases) {
      const times = { service: [] as number[], history: [] as number[], summary: [] as number[] };
      let report: unknown;
      let historyRows: Row[] = [];
      let summaryRows: Row[] = [];
      for (let round = 0; round < ROUNDS + 2; round += 1) {
        let started = performance.now();
        report = await c.service();
        const service = performance.now() - started;
        started = performance.now();
        historyRows = await em.query(c.history);
        const history = performance.now() - started;
        started = performance.now();
        summaryRows = await em.query(c.summary);
        const summary = performance.now() - started;
        // Two warm-up rounds are not counted.
        if (round >= 2) {
          times.service.push(service);
          times.history.push(history);
          times.summary.push(summary);
        }
        progress(`${target.label}: ${c.name} round ${round + 1} / ${ROUNDS + 2}`);
      }
      progress('');
      const ours = figuresOfReport(report as never);
      sameFigures(`${target.label} ${c.name}, history query`, ours, figuresOfRows(historyRows));
      sameFigures(`${target.label} ${c.name}, summary query`, ours, figuresOfRows(summaryRows));
      results.push({
        case: c.name,
        intents: (report as { total: number }).total,
        serviceMs: median(times.service),
        historyQueryMs: median(times.history),
        summaryQueryMs: median(times.summary),
      });
    }
    return { database: target.label, loadSeconds, results };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    await target.cleanup();
  }
}

guard(15 * 60_000);
await run(async () => {
  const targets: Target[] = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'duijie-bench-report-db-'));
  targets.push({
    label: 'SQLite',
    database: { kind: 'sqlite', path: join(sqliteDir, 'bench.sqlite') },
    cleanup: async () => rmSync(sqliteDir, { recursive: true, force: true }),
  });
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const scratch = await createScratchPostgres(pgUrl, 'duijie_bench');
    targets.push({
      label: 'PostgreSQL',
      database: { kind: 'postgres', url: scratch.url },
      cleanup: () => scratch.drop(),
    });
  } else console.log('(set TEST_DATABASE_URL to measure PostgreSQL as well)');

  const measured = [];
  for (const target of targets) measured.push(await measure(target));

  console.log(
    `Funnel report: a series of ${EVENTS} events, ${INTENTS.toLocaleString('en')} intents, ${CHANGES.toLocaleString('en')} stage changes; median of ${ROUNDS} rounds`,
  );
  console.log('ratio = speed relative to the single hand-written query (its ms / the service’s ms); goal ≥ 0.5×');
  for (const m of measured) {
    console.log(`\n${m.database} (data loaded in ${m.loadSeconds.toFixed(1)} s)`);
    const rows: string[][] = [];
    for (const r of m.results) {
      rows.push([
        `${r.case}: service vs query on history`,
        r.serviceMs.toFixed(1),
        r.historyQueryMs.toFixed(1),
        `${(r.historyQueryMs / r.serviceMs).toFixed(2)}×`,
        'ms',
      ]);
      rows.push([
        `${r.case}: service vs query on summary`,
        r.serviceMs.toFixed(1),
        r.summaryQueryMs.toFixed(1),
        `${(r.summaryQueryMs / r.serviceMs).toFixed(2)}×`,
        'ms',
      ]);
    }
    printTable([46, 10, 10, 8, 6], rows);
  }
  writeReport('report.json', {
    machine: machine(),
    events: EVENTS,
    intents: INTENTS,
    changes: CHANGES,
    rounds: ROUNDS,
    measured,
  });
});
