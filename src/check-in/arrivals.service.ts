import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database.service.js';
import { AttendeeCategory } from '../registration/attendee-category.entity.js';
import { bucketArrivals, type Bucket } from './arrivals-chart.js';
import type { CheckInList } from './check-in-list.entity.js';
import type { CheckInResult } from './check-in-result.js';
import type { StoredAnswer } from './check-in.entity.js';
import { CheckInListsService } from './check-in-lists.service.js';
import { flagsOf, type ScanFlag } from './check-in.service.js';
import { SqlDialect } from '../database/sql-runner.js';

const NO_SHOWS_SHOWN = 300;

export interface ScanRow {
  id: number;
  at: Date;
  result: CheckInResult;
  localResult: CheckInResult | null;
  source: string;
  deviceName: string | null;
  listId: number;
  name: string | null;
  organisation: string | null;
  firstCheckIn: StoredAnswer['firstCheckIn'] | null;
  /** The device's own time of the scan when it was not believed (outside the event's days). */
  claimedAt: Date | null;
  /** Why it is flagged (empty for scans that are not). */
  flags: ScanFlag[];
}

export interface Arrivals {
  updatedAt: Date;
  entrance: CheckInList;
  totals: { confirmed: number; checkedIn: number; percent: number };
  categories: (Pick<AttendeeCategory, 'id' | 'code' | 'name' | 'nameEn' | 'colour'> & {
    confirmed: number;
    checkedIn: number;
    percent: number;
  })[];
  lists: { list: CheckInList; eligible: number; checkedIn: number; refused: number; percent: number }[];
  buckets: Bucket[];
  noShows: {
    total: number;
    rows: { registrationId: number; name: string; organisation: string; categoryId: number }[];
  };
  flagged: ScanRow[];
  recent: ScanRow[];
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/**
 * The organisers' live view of arrivals: checked in against confirmed, by category and by list, arrivals per five
 * minutes at the entrance, the people not yet arrived, offline scans flagged as duplicates, the latest scans.
 */
@Injectable()
export class ArrivalsService {
  private readonly sql: SqlDialect;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CheckInListsService) private readonly lists: CheckInListsService,
  ) {
    this.sql = new SqlDialect(db.isSqlite);
  }

  async arrivals(eventId: number): Promise<Arrivals> {
    const lists = await this.lists.all(eventId);
    const entrance = lists.find((l) => l.kind === 'entrance')!;
    const q = <T>(text: string, params: unknown[]) => this.db.manager.query<T[]>(this.sql.text(text), params);
    const [categories, confirmed, arrived, perList, times, noShowCount, noShows, flagged, recent] = await Promise.all([
      this.db.manager.find(AttendeeCategory, { where: { eventId }, order: { position: 'ASC', id: 'ASC' } }),
      q<{ categoryId: number; n: number }>(
        `SELECT "categoryId", COUNT(*) AS n FROM registrations WHERE "eventId" = $1 AND status = 'confirmed'
         GROUP BY "categoryId"`,
        [eventId],
      ),
      q<{ categoryId: number; n: number }>(
        `SELECT r."categoryId", COUNT(*) AS n FROM check_ins k JOIN registrations r ON r.id = k."firstOf"
         WHERE k."listId" = $1 GROUP BY r."categoryId"`,
        [entrance.id],
      ),
      q<{ listId: number; admitted: number; refused: number }>(
        `SELECT "listId", SUM(CASE WHEN "firstOf" IS NOT NULL THEN 1 ELSE 0 END) AS admitted,
           SUM(CASE WHEN result = 'ok' THEN 0 ELSE 1 END) AS refused
         FROM check_ins WHERE "eventId" = $1 GROUP BY "listId"`,
        [eventId],
      ),
      q<{ scannedAt: unknown }>(`SELECT "scannedAt" FROM check_ins WHERE "listId" = $1 AND "firstOf" IS NOT NULL`, [
        entrance.id,
      ]),
      q<{ n: number }>(
        `SELECT COUNT(*) AS n FROM registrations r WHERE r."eventId" = $1 AND r.status = 'confirmed'
         AND NOT EXISTS (SELECT 1 FROM check_ins k WHERE k."listId" = $2 AND k."firstOf" = r.id)`,
        [eventId, entrance.id],
      ),
      q<{ id: number; name: string; organisationName: string; categoryId: number }>(
        `SELECT r.id, r.name, r."organisationName", r."categoryId" FROM registrations r
         WHERE r."eventId" = $1 AND r.status = 'confirmed'
         AND NOT EXISTS (SELECT 1 FROM check_ins k WHERE k."listId" = $2 AND k."firstOf" = r.id)
         ORDER BY r."organisationName", r.name LIMIT ${NO_SHOWS_SHOWN}`,
        [eventId, entrance.id],
      ),
      q<RawScan>(`${SCAN_ROWS} WHERE "eventId" = $1 AND flagged = $2 ORDER BY id DESC LIMIT 100`, [
        eventId,
        this.sql.bool(true),
      ]),
      q<RawScan>(`${SCAN_ROWS} WHERE "eventId" = $1 ORDER BY id DESC LIMIT 15`, [eventId]),
    ]);
    const count = (rows: { categoryId: number; n: number }[], id: number) =>
      Number(rows.find((r) => Number(r.categoryId) === id)?.n ?? 0);
    const byCategory = categories.map((c) => {
      const n = count(confirmed, c.id);
      const inside = count(arrived, c.id);
      return {
        id: c.id,
        code: c.code,
        name: c.name,
        nameEn: c.nameEn,
        colour: c.colour,
        confirmed: n,
        checkedIn: inside,
        percent: percent(inside, n),
      };
    });
    const totalConfirmed = byCategory.reduce((s, c) => s + c.confirmed, 0);
    const totalIn = byCategory.reduce((s, c) => s + c.checkedIn, 0);
    return {
      updatedAt: new Date(),
      entrance,
      totals: { confirmed: totalConfirmed, checkedIn: totalIn, percent: percent(totalIn, totalConfirmed) },
      categories: byCategory,
      lists: lists.map((list) => {
        const row = perList.find((r) => Number(r.listId) === list.id);
        const eligible = byCategory
          .filter((c) => !list.categoryIds || list.categoryIds.includes(c.id))
          .reduce((s, c) => s + c.confirmed, 0);
        const admitted = Number(row?.admitted ?? 0);
        return {
          list,
          eligible,
          checkedIn: admitted,
          refused: Number(row?.refused ?? 0),
          percent: percent(admitted, eligible),
        };
      }),
      buckets: this.buckets(times.map((t) => this.sql.readTime(t.scannedAt))),
      noShows: {
        total: Number(noShowCount[0]?.n ?? 0),
        rows: noShows.map((r) => ({
          registrationId: Number(r.id),
          name: r.name,
          organisation: r.organisationName,
          categoryId: Number(r.categoryId),
        })),
      },
      flagged: flagged.map((r) => this.scanRow(r)),
      recent: recent.map((r) => this.scanRow(r)),
    };
  }

  /** At least an hour of bars; while arrivals are going on, the chart runs up to now. */
  private buckets(times: Date[]): Bucket[] {
    const now = new Date();
    const latest = Math.max(0, ...times.map((t) => t.getTime()));
    const live = now.getTime() - latest < 2 * 3600_000;
    return bucketArrivals(times, { until: live ? now : undefined, minBuckets: 12 });
  }

  private scanRow(raw: RawScan): ScanRow {
    const answer = typeof raw.answer === 'string' ? (JSON.parse(raw.answer) as StoredAnswer) : raw.answer;
    const claimedAt = raw.claimedAt === null || raw.claimedAt === undefined ? null : this.sql.readTime(raw.claimedAt);
    return {
      id: Number(raw.id),
      at: this.sql.readTime(raw.scannedAt),
      result: raw.result,
      localResult: raw.localResult,
      source: raw.source,
      deviceName: raw.deviceName,
      listId: Number(raw.listId),
      name: answer.attendee?.name ?? null,
      organisation: answer.attendee?.organisation ?? null,
      firstCheckIn: answer.firstCheckIn ?? null,
      claimedAt,
      flags: this.sql.readBool(raw.flagged) ? flagsOf(raw.localResult, raw.result, claimedAt) : [],
    };
  }
}

interface RawScan {
  id: number;
  scannedAt: unknown;
  result: CheckInResult;
  localResult: CheckInResult | null;
  source: string;
  deviceName: string | null;
  listId: number;
  answer: string | StoredAnswer;
  claimedAt: unknown;
  flagged: unknown;
}

const SCAN_ROWS = `SELECT id, "scannedAt", result, "localResult", source, "deviceName", "listId", answer, "claimedAt", flagged
  FROM check_ins`;
