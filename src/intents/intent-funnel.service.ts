import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { localDay } from '../common/time.js';
import { Database } from '../database/database.service.js';
import { Organisation } from '../directory/organisation.entity.js';
import { Event } from '../events/event.entity.js';
import { MatchCategory } from '../matchmaking/match-category.entity.js';
import { INTENT_STAGES, type IntentStage } from './domain/stages.js';
import { PIPELINE_TIMEZONE } from './intents.service.js';

/** A count for each stage key: intent, negotiating, signed, landed, dropped. */
export type StageCounts = Record<IntentStage, number>;

/** The pairs of stages whose conversion and median time the funnel reports. */
export const STAGE_PAIRS = [
  'intentToNegotiating',
  'negotiatingToSigned',
  'signedToLanded',
  'intentToSigned',
  'intentToLanded',
] as const;
export type StagePair = (typeof STAGE_PAIRS)[number];

export interface FunnelFigures {
  /** Intents in scope. */
  total: number;
  /**
   * Intents that ever reached each stage, by their history (corrected entries left out): `intent` is every intent;
   * `negotiating`, `signed`, `landed` count an intent that got that far or further (skipped stages included, so a
   * landed intent counts as signed); `dropped` counts intents ever dropped, even if reopened since.
   */
  reachedCounts: StageCounts;
  /** Intents at each stage now. */
  currentCounts: StageCounts;
  /** Estimated values in 万元: all intents, those that reached signed, those that reached landed. */
  valueWan: { estimated: number; signed: number; landed: number };
  /** Open intents (intent, negotiating, signed) whose next follow-up date is before today (China time). */
  overdueFollowUps: number;
}

/** The figures of one group of a breakdown (key '' collects intents without a value). */
export interface FunnelGroup extends FunnelFigures {
  key: string;
  label: string | null;
  labelEn: string | null;
}

export interface IntentFunnelReport extends FunnelFigures {
  scope: { eventIds: number[] | null; seriesId: number | null };
  /** The day overdue follow-ups are counted against (YYYY-MM-DD, China time). */
  today: string;
  /** Reached counts divided: e.g. intentToNegotiating = reached negotiating / reached intent (null when 0 / 0). */
  conversionRates: Record<StagePair, number | null>;
  /** Median days between first reaching the two stages, over intents that reached both (null: none did). */
  medianDays: Record<StagePair, number | null>;
  /** How many intents each median is taken over. */
  medianSamples: Record<StagePair, number>;
  breakdowns: {
    category: FunnelGroup[];
    city: FunnelGroup[];
    kind: FunnelGroup[];
    /** Keys `user:<id>`, `organisation:<id>`, '' for no owner. */
    owner: FunnelGroup[];
    /** Keys are event ids ('' for intents between events): editions side by side on a series page. */
    event: FunnelGroup[];
  };
}

type Dimension = keyof IntentFunnelReport['breakdowns'];

const OWNER_KEY = `CASE WHEN i."ownerUserId" IS NOT NULL THEN 'user:' || CAST(i."ownerUserId" AS VARCHAR(12)) WHEN i."ownerOrganisationId" IS NOT NULL THEN 'organisation:' || CAST(i."ownerOrganisationId" AS VARCHAR(12)) ELSE '' END`;

/** Columns of one group's figures, for a day `today` (validated YYYY-MM-DD, inlined). */
function figureColumns(today: string): string {
  return [
    'COUNT(*) AS total',
    ...[1, 2, 3].map((rank) => `SUM(CASE WHEN i."reachedRank" >= ${rank} THEN 1 ELSE 0 END) AS r${rank}`),
    'SUM(CASE WHEN i."droppedAt" IS NOT NULL THEN 1 ELSE 0 END) AS rd',
    ...INTENT_STAGES.map((stage) => `SUM(CASE WHEN i.stage = '${stage}' THEN 1 ELSE 0 END) AS "c_${stage}"`),
    'COALESCE(SUM(i."valueWan"), 0) AS v0',
    'COALESCE(SUM(CASE WHEN i."reachedRank" >= 2 THEN i."valueWan" END), 0) AS v2',
    'COALESCE(SUM(CASE WHEN i."reachedRank" >= 3 THEN i."valueWan" END), 0) AS v3',
    `SUM(CASE WHEN i.stage IN ('intent', 'negotiating', 'signed') AND i."nextFollowUpOn" < '${today}' THEN 1 ELSE 0 END) AS od`,
  ].join(', ');
}

/**
 * The funnel of the cooperation pipeline for some events or a whole series: counts per stage (reached and current),
 * conversion rates, median days between stages, values, overdue follow-ups, and the same figures broken down by
 * category, city, kind, owner and event. Two grouped queries on `intents` (its summary columns are kept from the
 * stage history on every change), no rows loaded; names of the groups in a few look-ups by id.
 *
 *   funnel.forEvents([eventId])   funnel.forSeries(seriesId)   (both take { now } for "today")
 */
@Injectable()
export class IntentFunnel {
  constructor(@Inject(Database) private readonly db: Database) {}

  forEvents(eventIds: number[], options: { now?: Date } = {}): Promise<IntentFunnelReport> {
    const ids = [...new Set(eventIds)].filter((id) => Number.isSafeInteger(id) && id > 0);
    const scope = ids.length ? `i."eventId" IN (${ids.join(', ')})` : '1 = 0';
    return this.report(scope, { eventIds: ids, seriesId: null }, options.now ?? new Date());
  }

  /**
   * The funnel of each event on its own, for many events at once (a series' editions in the reports): the same two
   * grouped queries, grouped by event as well; an event without intents answers zeros. The `event` breakdown of each
   * is its one group.
   */
  async forEachEvent(eventIds: number[], options: { now?: Date } = {}): Promise<Map<number, IntentFunnelReport>> {
    const ids = [...new Set(eventIds)].filter((id) => Number.isSafeInteger(id) && id > 0);
    if (ids.length === 0) return new Map();
    const today = localDay(options.now ?? new Date(), PIPELINE_TIMEZONE);
    const { figures, medians } = IntentFunnel.queries(
      `i."eventId" IN (${ids.join(', ')})`,
      today,
      this.db.isSqlite,
      true,
    );
    const em = this.db.manager;
    const [rows, medianRows] = await Promise.all([em.query<FigureRow[]>(figures), em.query<MedianRow[]>(medians)]);
    const reports = new Map(
      ids.map((id) => [
        id,
        this.assemble(
          rows.filter((r) => Number(r.ev) === id),
          medianRows.filter((r) => Number(r.ev) === id),
          { eventIds: [id], seriesId: null },
          today,
        ),
      ]),
    );
    // Names for every group of every event in one set of look-ups.
    const merged: IntentFunnelReport['breakdowns'] = { category: [], city: [], kind: [], owner: [], event: [] };
    for (const report of reports.values())
      for (const dim of Object.keys(merged) as Dimension[]) merged[dim].push(...report.breakdowns[dim]);
    await this.label(merged);
    return reports;
  }

  forSeries(seriesId: number, options: { now?: Date } = {}): Promise<IntentFunnelReport> {
    if (!Number.isSafeInteger(seriesId) || seriesId < 1) throw new Error(`not a series id: ${seriesId}`);
    const scope = `i."eventId" IN (SELECT e.id FROM events e WHERE e."seriesId" = ${seriesId})`;
    return this.report(scope, { eventIds: null, seriesId }, options.now ?? new Date());
  }

  /** The SQL of both queries for a scope, as the service runs them (the benchmark shows them too). */
  static queries(
    scope: string,
    today: string,
    isSqlite: boolean,
    byEvent = false,
  ): { figures: string; medians: string } {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`not a day: ${today}`);
    const columns = figureColumns(today);
    const from = `FROM intents i WHERE ${scope}`;
    // Grouped by event as well: each row says its event (`ev`), and the `all` row is one per event.
    const ev = byEvent ? 'i."eventId" AS ev, ' : '';
    const group = (by: string) =>
      byEvent ? ` GROUP BY i."eventId"${by ? `, ${by}` : ''}` : by ? ` GROUP BY ${by}` : '';
    const figures = [
      `SELECT ${ev}'all' AS dim, '' AS k, ${columns} ${from}${group('')}`,
      `SELECT ${ev}'category', COALESCE(i.category, ''), ${columns} ${from}${group('i.category')}`,
      `SELECT ${ev}'city', COALESCE(i.city, ''), ${columns} ${from}${group('i.city')}`,
      `SELECT ${ev}'kind', i.kind, ${columns} ${from}${group('i.kind')}`,
      `SELECT ${ev}'owner', ${OWNER_KEY}, ${columns} ${from}${group('i."ownerUserId", i."ownerOrganisationId"')}`,
      `SELECT ${ev}'event', COALESCE(CAST(i."eventId" AS VARCHAR(12)), ''), ${columns} ${from}${byEvent ? group('') : ' GROUP BY i."eventId"'}`,
    ].join('\nUNION ALL ');
    const days = (a: string, b: string) =>
      isSqlite ? `(julianday(${b}) - julianday(${a}))` : `(EXTRACT(EPOCH FROM (${b} - ${a})) / 86400.0)`;
    const pairs: [StagePair, string, string][] = [
      ['intentToNegotiating', 'a0', 'a1'],
      ['negotiatingToSigned', 'a1', 'a2'],
      ['signedToLanded', 'a2', 'a3'],
      ['intentToSigned', 'a0', 'a2'],
      ['intentToLanded', 'a0', 'a3'],
    ];
    const e = byEvent ? 'ev, ' : '';
    const medians = `WITH s AS (SELECT ${byEvent ? 'i."eventId" AS ev, ' : ''}i."intentAt" AS a0, i."negotiatingAt" AS a1, i."signedAt" AS a2, i."landedAt" AS a3 ${from}),
d AS (${pairs
      .map(
        ([pair, a, b]) =>
          `SELECT ${e}'${pair}' AS pair, ${days(a, b)} AS v FROM s WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL AND ${b} >= ${a}`,
      )
      .join(' UNION ALL ')}),
r AS (SELECT ${e}pair, v, ROW_NUMBER() OVER (PARTITION BY ${e}pair ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY ${e}pair) AS n FROM d)
SELECT ${e}pair, AVG(v) AS median, MAX(n) AS n FROM r WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY ${e}pair`;
    return { figures, medians };
  }

  private async report(scope: string, described: IntentFunnelReport['scope'], now: Date): Promise<IntentFunnelReport> {
    const today = localDay(now, PIPELINE_TIMEZONE);
    const { figures, medians } = IntentFunnel.queries(scope, today, this.db.isSqlite);
    const em = this.db.manager;
    const [rows, medianRows] = await Promise.all([em.query<FigureRow[]>(figures), em.query<MedianRow[]>(medians)]);
    const report = this.assemble(rows, medianRows, described, today);
    await this.label(report.breakdowns);
    return report;
  }

  /** One scope's report from its rows of both queries (groups not yet named). */
  private assemble(
    rows: FigureRow[],
    medianRows: MedianRow[],
    described: IntentFunnelReport['scope'],
    today: string,
  ): IntentFunnelReport {
    const all = rows.find((r) => r.dim === 'all');
    const overall = all ? figuresOf(all) : figuresOf(EMPTY_ROW);
    const groups = (dim: Dimension) =>
      rows
        .filter((r) => r.dim === dim)
        .map((r) => ({
          key: String(r.k),
          label: null as string | null,
          labelEn: null as string | null,
          ...figuresOf(r),
        }))
        .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    const breakdowns = {
      category: groups('category'),
      city: groups('city'),
      kind: groups('kind'),
      owner: groups('owner'),
      event: groups('event'),
    };
    const reached = overall.reachedCounts;
    const rate = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : null);
    const medianOf = (pair: StagePair) => medianRows.find((r) => r.pair === pair);
    return {
      scope: described,
      today,
      ...overall,
      conversionRates: {
        intentToNegotiating: rate(reached.negotiating, reached.intent),
        negotiatingToSigned: rate(reached.signed, reached.negotiating),
        signedToLanded: rate(reached.landed, reached.signed),
        intentToSigned: rate(reached.signed, reached.intent),
        intentToLanded: rate(reached.landed, reached.intent),
      },
      medianDays: Object.fromEntries(
        STAGE_PAIRS.map((pair) => {
          const row = medianOf(pair);
          return [pair, row ? Math.round(Number(row.median) * 100) / 100 : null];
        }),
      ) as Record<StagePair, number | null>,
      medianSamples: Object.fromEntries(STAGE_PAIRS.map((pair) => [pair, Number(medianOf(pair)?.n ?? 0)])) as Record<
        StagePair,
        number
      >,
      breakdowns,
    };
  }

  /** Names for the groups' keys: category names, owners' names, event titles. */
  private async label(breakdowns: IntentFunnelReport['breakdowns']): Promise<void> {
    const em = this.db.manager;
    const codes = breakdowns.category.map((g) => g.key).filter(Boolean);
    const categories = codes.length ? await em.findBy(MatchCategory, { code: In(codes) }) : [];
    for (const group of breakdowns.category) {
      const found = categories.find((c) => c.code === group.key);
      group.label = found?.name ?? (group.key || null);
      group.labelEn = found?.nameEn ?? null;
    }
    for (const group of breakdowns.kind) group.label = group.key;
    for (const group of breakdowns.city) group.label = group.key || null;
    const ids = (prefix: string) =>
      breakdowns.owner.filter((g) => g.key.startsWith(prefix)).map((g) => Number(g.key.slice(prefix.length)));
    const userIds = ids('user:');
    const orgIds = ids('organisation:');
    const users = userIds.length ? await em.findBy(User, { id: In(userIds) }) : [];
    const orgs = orgIds.length ? await em.findBy(Organisation, { id: In(orgIds) }) : [];
    for (const group of breakdowns.owner) {
      const user = users.find((u) => `user:${u.id}` === group.key);
      const org = orgs.find((o) => `organisation:${o.id}` === group.key);
      group.label = user?.name ?? org?.shortName ?? org?.name ?? null;
      group.labelEn = org ? (org.shortNameEn ?? org.nameEn) : null;
    }
    const eventIds = breakdowns.event.map((g) => Number(g.key)).filter((id) => id > 0);
    const events = eventIds.length ? await em.findBy(Event, { id: In(eventIds) }) : [];
    for (const group of breakdowns.event) {
      const event = events.find((e) => String(e.id) === group.key);
      group.label = event ? (event.shortTitle ?? event.title) : null;
      group.labelEn = event ? (event.shortTitleEn ?? event.titleEn) : null;
    }
  }
}

interface MedianRow {
  ev?: unknown;
  pair: StagePair;
  median: unknown;
  n: unknown;
}

interface FigureRow {
  ev?: unknown;
  dim: string;
  k: unknown;
  total: unknown;
  r1: unknown;
  r2: unknown;
  r3: unknown;
  rd: unknown;
  c_intent: unknown;
  c_negotiating: unknown;
  c_signed: unknown;
  c_landed: unknown;
  c_dropped: unknown;
  v0: unknown;
  v2: unknown;
  v3: unknown;
  od: unknown;
}

const EMPTY_ROW: FigureRow = {
  dim: 'all',
  k: '',
  total: 0,
  r1: 0,
  r2: 0,
  r3: 0,
  rd: 0,
  c_intent: 0,
  c_negotiating: 0,
  c_signed: 0,
  c_landed: 0,
  c_dropped: 0,
  v0: 0,
  v2: 0,
  v3: 0,
  od: 0,
};

/** One row of the grouped query as figures (PostgreSQL answers sums as strings). */
function figuresOf(row: FigureRow): FunnelFigures {
  const n = (value: unknown) => Number(value ?? 0);
  return {
    total: n(row.total),
    reachedCounts: {
      intent: n(row.total),
      negotiating: n(row.r1),
      signed: n(row.r2),
      landed: n(row.r3),
      dropped: n(row.rd),
    },
    currentCounts: {
      intent: n(row.c_intent),
      negotiating: n(row.c_negotiating),
      signed: n(row.c_signed),
      landed: n(row.c_landed),
      dropped: n(row.c_dropped),
    },
    valueWan: { estimated: n(row.v0), signed: n(row.v2), landed: n(row.v3) },
    overdueFollowUps: n(row.od),
  };
}
