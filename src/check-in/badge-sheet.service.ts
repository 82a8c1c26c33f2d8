import { Inject, Injectable } from '@nestjs/common';
import { BadgesService } from '../badges/badges.service.js';
import { Database } from '../database/database.service.js';
import { BadgePrint, type BadgeLayout } from './badge-print.entity.js';
import { SqlDialect } from '../database/sql-runner.js';

/** Badges per A4 page: A6 two by two, business cards two by five. */
export const PER_PAGE: Record<BadgeLayout, number> = { a6: 4, card: 10 };
/** One sheet renders at most this many badges (a print run of a large event goes by category or in parts). */
export const MAX_BADGES = 500;

export interface BadgeFilter {
  category?: string;
  q?: string;
  registrationId?: number;
}

export interface SheetBadge {
  registrationId: number;
  badgeId: number;
  code: string;
  name: string;
  organisation: string;
  title: string | null;
  category: { code: string; name: string; nameEn: string | null; colour: string };
  printed: number;
}

/**
 * Printable badges: the confirmed registrations' current badges, filtered, with how often each was printed; and the
 * print log (a print run is logged in one transaction; a badge printed before is marked as a reprint). Printing
 * never checks anyone in.
 */
@Injectable()
export class BadgeSheetService {
  private readonly sql: SqlDialect;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(BadgesService) private readonly badges: BadgesService,
  ) {
    this.sql = new SqlDialect(db.isSqlite);
  }

  async find(eventId: number, filter: BadgeFilter): Promise<{ badges: SheetBadge[]; total: number }> {
    const params: unknown[] = [eventId];
    const where: string[] = [`b."eventId" = $1`, `b."revokedAt" IS NULL`, `r.status = 'confirmed'`];
    if (filter.category) {
      params.push(filter.category);
      where.push(`c.code = $${params.length}`);
    }
    if (filter.q?.trim()) {
      const like = `%${filter.q
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      params.push(like, like);
      where.push(
        `(LOWER(r.name) LIKE $${params.length - 1} ESCAPE '\\' OR LOWER(r."organisationName") LIKE $${params.length} ESCAPE '\\')`,
      );
    }
    if (filter.registrationId) {
      params.push(filter.registrationId);
      where.push(`r.id = $${params.length}`);
    }
    const rows: {
      registrationId: number;
      badgeId: number;
      code: string;
      name: string;
      organisation: string;
      title: string | null;
      categoryCode: string;
      categoryName: string;
      categoryNameEn: string | null;
      colour: string;
      printed: number;
    }[] = await this.db.manager.query(
      this.sql.text(`SELECT r.id AS "registrationId", b.id AS "badgeId", b.code, r.name,
          r."organisationName" AS organisation, r.title, c.code AS "categoryCode", c.name AS "categoryName",
          c."nameEn" AS "categoryNameEn", c.colour,
          (SELECT COUNT(*) FROM badge_prints p WHERE p."registrationId" = r.id) AS printed
        FROM badges b JOIN registrations r ON r.id = b."registrationId"
          JOIN attendee_categories c ON c.id = r."categoryId"
        WHERE ${where.join(' AND ')}
        ORDER BY c.position, c.id, r."organisationName", r.name, r.id`),
      params,
    );
    return {
      total: rows.length,
      badges: rows.slice(0, MAX_BADGES).map((r) => ({
        registrationId: Number(r.registrationId),
        badgeId: Number(r.badgeId),
        code: r.code,
        name: r.name,
        organisation: r.organisation,
        title: r.title,
        category: { code: r.categoryCode, name: r.categoryName, nameEn: r.categoryNameEn, colour: r.colour },
        printed: Number(r.printed),
      })),
    };
  }

  /** The QR code of each badge as inline SVG at error correction Q (printed badges get scuffed and folded). */
  async withQr(badges: SheetBadge[]): Promise<(SheetBadge & { qrSvg: string })[]> {
    return Promise.all(badges.map(async (b) => ({ ...b, qrSvg: await this.badges.qrSvg(b.code, { level: 'Q' }) })));
  }

  /** Logs one print run in one transaction; answers how many were first prints and how many reprints. */
  async logPrint(
    eventId: number,
    badges: SheetBadge[],
    layout: BadgeLayout,
    userId: number,
  ): Promise<{ printed: number; reprints: number }> {
    return this.db.transaction(async (em) => {
      let reprints = 0;
      for (const badge of badges) {
        const reprint = await em.existsBy(BadgePrint, { registrationId: badge.registrationId });
        if (reprint) reprints += 1;
        await em.insert(BadgePrint, {
          eventId,
          registrationId: badge.registrationId,
          badgeId: badge.badgeId,
          layout,
          reprint,
          userId,
        });
      }
      return { printed: badges.length - reprints, reprints };
    });
  }

  /** A registration's current badge as PNG or SVG at error correction Q, for print shops and badge printers. */
  async image(eventId: number, registrationId: number, format: 'png' | 'svg'): Promise<Buffer | string | undefined> {
    const badge = await this.badges.current(registrationId);
    if (!badge || badge.eventId !== eventId) return undefined;
    return format === 'png'
      ? this.badges.qrPng(badge.code, { level: 'Q', scale: 10 })
      : this.badges.qrSvg(badge.code, { level: 'Q' });
  }
}
