import { Inject, Injectable } from '@nestjs/common';
import { BadgesService } from '../badges/badges.service.js';
import { EventKey } from '../badges/event-key.entity.js';
import { Database } from '../database/database.service.js';
import { Event } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import { AttendeeCategory } from '../registration/attendee-category.entity.js';
import { readClaimsUnverified } from './badge-claims.js';
import type { CheckInList } from './check-in-list.entity.js';
import { SqlDialect } from '../database/sql-runner.js';

/** What a scanner keeps to decide scans while offline. Personal data is limited to name, organisation, category. */
export interface OfflineData {
  version: 1;
  generatedAt: string;
  event: { id: number; title: string; titleEn: string | null; timezone: string };
  list: { id: number; name: string; nameEn: string | null; categoryIds: number[] | null; allowReentry: boolean };
  /** The event's Ed25519 public key, raw 32 bytes in base64url. */
  publicKey: string;
  categories: { id: number; code: string; name: string; nameEn: string | null; colour: string }[];
  /** Current badges of confirmed registrations: [registrationId, serial, name, organisation, categoryId]. */
  badges: [number, number, string, string, number][];
  /** Revoked badges: [registrationId, serial]. */
  revoked: [number, number][];
  /** First check-ins on this list: [registrationId, scannedAt ISO, device name]. */
  checkedIn: [number, string, string | null][];
}

export interface LookupRow {
  registrationId: number;
  name: string;
  organisation: string;
  title: string | null;
  /** The last four digits only. */
  phoneEnd: string | null;
  status: string;
  category: { code: string; name: string; nameEn: string | null; colour: string };
  checkedInAt: string | null;
}

/** Reads for scanners: the offline data of a list, and the manual look-up of people without their badge. */
@Injectable()
export class ScannerDataService {
  private readonly sql: SqlDialect;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(BadgesService) private readonly badges: BadgesService,
  ) {
    this.sql = new SqlDialect(db.isSqlite);
  }

  async offlineData(list: CheckInList): Promise<OfflineData> {
    const eventId = list.eventId;
    const event = await this.db.manager.findOneBy(Event, { id: eventId });
    if (!event) throw new EventsError('event_not_found', { id: eventId });
    const key =
      (await this.db.manager.findOneBy(EventKey, { eventId })) ??
      (await this.db.transaction((em) => this.badges.ensureKey(em, eventId)));
    const [categories, current, revoked, checkedIn] = await Promise.all([
      this.db.manager.find(AttendeeCategory, { where: { eventId }, order: { position: 'ASC', id: 'ASC' } }),
      this.db.manager.query<{ code: string; id: number; name: string; org: string; categoryId: number }[]>(
        this.sql.text(`SELECT b.code, r.id, r.name, r."organisationName" AS org, r."categoryId" AS "categoryId"
          FROM badges b JOIN registrations r ON r.id = b."registrationId"
          WHERE b."eventId" = $1 AND b."revokedAt" IS NULL AND r.status = 'confirmed' ORDER BY r.id`),
        [eventId],
      ),
      this.db.manager.query<{ code: string }[]>(
        this.sql.text(`SELECT code FROM badges WHERE "eventId" = $1 AND "revokedAt" IS NOT NULL ORDER BY id`),
        [eventId],
      ),
      this.db.manager.query<{ firstOf: number; scannedAt: unknown; deviceName: string | null }[]>(
        this.sql.text(`SELECT "firstOf", "scannedAt", "deviceName" FROM check_ins
          WHERE "listId" = $1 AND "firstOf" IS NOT NULL ORDER BY id`),
        [list.id],
      ),
    ]);
    const serialOf = (code: string) => readClaimsUnverified(code)?.serial ?? 0;
    return {
      version: 1,
      generatedAt: new Date().toISOString(),
      event: { id: event.id, title: event.title, titleEn: event.titleEn, timezone: event.timezone },
      list: {
        id: list.id,
        name: list.name,
        nameEn: list.nameEn,
        categoryIds: list.categoryIds,
        allowReentry: list.allowReentry,
      },
      publicKey: key.publicKey,
      categories: categories.map((c) => ({ id: c.id, code: c.code, name: c.name, nameEn: c.nameEn, colour: c.colour })),
      badges: current.map((b) => [Number(b.id), serialOf(b.code), b.name, b.org, Number(b.categoryId)]),
      revoked: revoked.flatMap((b) => {
        const claims = readClaimsUnverified(b.code);
        return claims ? [[claims.registrationId, claims.serial] as [number, number]] : [];
      }),
      checkedIn: checkedIn.map((c) => [Number(c.firstOf), this.sql.readTime(c.scannedAt).toISOString(), c.deviceName]),
    };
  }

  /** People of the event whose name, phone or organisation contains the text, with their check-in on the list. */
  async lookup(list: CheckInList, text: string): Promise<LookupRow[]> {
    const needle = text.trim().toLowerCase();
    if (!needle) return [];
    const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = needle.replace(/[\s()+-]/g, '');
    const phoneLike = /^\d{3,}$/.test(digits) ? `%${digits}%` : null;
    const rows: {
      id: number;
      name: string;
      organisationName: string;
      title: string | null;
      phone: string | null;
      status: string;
      code: string;
      categoryName: string;
      categoryNameEn: string | null;
      colour: string;
      firstAt: unknown;
    }[] = await this.db.manager.query(
      this.sql.text(`SELECT r.id, r.name, r."organisationName", r.title, r.phone, r.status, c.code,
          c.name AS "categoryName", c."nameEn" AS "categoryNameEn", c.colour,
          (SELECT k."scannedAt" FROM check_ins k WHERE k."listId" = $1 AND k."firstOf" = r.id) AS "firstAt"
        FROM registrations r JOIN attendee_categories c ON c.id = r."categoryId"
        WHERE r."eventId" = $2 AND (LOWER(r.name) LIKE $3 ESCAPE '\\' OR LOWER(r."organisationName") LIKE $4 ESCAPE '\\'
          OR (r.phone IS NOT NULL AND $5 <> '%%'
            AND REPLACE(REPLACE(REPLACE(r.phone, ' ', ''), '-', ''), '+', '') LIKE $6))
        ORDER BY CASE WHEN r.status = 'confirmed' THEN 0 ELSE 1 END, r.name, r.id
        LIMIT 20`),
      [list.id, list.eventId, like, like, phoneLike ?? '%%', phoneLike ?? '%%'],
    );
    return rows.map((r) => ({
      registrationId: Number(r.id),
      name: r.name,
      organisation: r.organisationName,
      title: r.title,
      phoneEnd: r.phone ? r.phone.replace(/\D/g, '').slice(-4) : null,
      status: r.status,
      category: { code: r.code, name: r.categoryName, nameEn: r.categoryNameEn, colour: r.colour },
      checkedInAt: r.firstAt ? this.sql.readTime(r.firstAt).toISOString() : null,
    }));
  }
}
