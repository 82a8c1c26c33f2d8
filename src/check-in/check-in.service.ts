import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { publicKeyFrom, verifyBadge } from '../badges/badge-token.js';
import type { Role } from '../common/auth.decorators.js';
import { Database } from '../database/database.service.js';
import type { CheckInList } from './check-in-list.entity.js';
import type { CheckInResult, CheckInSource } from './check-in-result.js';
import { eventDays, scanTime, type ScanTime } from './scan-time.js';
import type { StoredAnswer } from './check-in.entity.js';
import { CheckInError } from './check-in.errors.js';
import { CheckInListsService } from './check-in-lists.service.js';
import { GroupCommit } from '../database/group-commit.js';
import { SqlRunner, type SqlDialect } from '../database/sql-runner.js';

/** Who scans: a signed-in organiser or staff member, or a paired device (bound to one event and one list). */
export type ScanActor =
  | { kind: 'user'; userId: number; name: string; role: Role }
  | { kind: 'device'; deviceId: number; name: string; eventId: number; listId: number };

export interface ScanInput {
  eventId: number;
  listId?: number;
  code?: string;
  registrationId?: number;
  nonce?: string;
  deviceId?: string;
  scannedAt?: Date;
  source: CheckInSource;
  /** For offline uploads: what the device decided on its own. */
  localResult?: CheckInResult;
}

/** Why a scan is shown to the organisers. */
export type ScanFlag = 'admitted_offline' | 'time_outside_event';

export interface ScanAnswer extends StoredAnswer {
  /** The id of the check-in an ok answer recorded. */
  checkInId?: number;
  /** True when the answer is a repeat of an earlier one (same device, same nonce). */
  replayed?: boolean;
  /** Shown to the organisers: see `flags`. */
  flagged?: boolean;
  /**
   * admitted_offline: an offline device admitted the person but the server decided otherwise; time_outside_event: an
   * offline scan's time lay outside the event's days (or ahead of the server), so the upload time was recorded.
   */
  flags?: ScanFlag[];
}

interface Target {
  badgeId: number | null;
  registrationId: number;
  badgeRevoked: boolean;
  status: string;
  name: string;
  organisation: string;
  title: string | null;
  categoryId: number;
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string | null;
  colour: string;
  /** The registration's first check-in on the list, when there is one. */
  firstAt: unknown;
  firstDeviceId: string | null;
  firstDeviceName: string | null;
}

// One read gives everything a decision needs: badge, registration, category and the first check-in on the list.
const TARGET_COLUMNS = `r.id AS "registrationId", r.status AS "status", r.name AS "name",
  r."organisationName" AS "organisation", r.title AS "title", r."categoryId" AS "categoryId",
  c.code AS "categoryCode", c.name AS "categoryName", c."nameEn" AS "categoryNameEn", c.colour AS "colour",
  f."scannedAt" AS "firstAt", f."deviceId" AS "firstDeviceId", f."deviceName" AS "firstDeviceName"`;
const BY_CODE = `SELECT b.id AS "badgeId", b."registrationId" AS "badgeRegistrationId", b."revokedAt" AS "revokedAt",
  ${TARGET_COLUMNS}
  FROM badges b JOIN registrations r ON r.id = b."registrationId" JOIN attendee_categories c ON c.id = r."categoryId"
  LEFT JOIN check_ins f ON f."listId" = $1 AND f."firstOf" = r.id
  WHERE b.code = $2 AND b."eventId" = $3`;
const BY_REGISTRATION = `SELECT ${TARGET_COLUMNS},
  (SELECT b.id FROM badges b WHERE b."registrationId" = r.id AND b."revokedAt" IS NULL ORDER BY b.id DESC LIMIT 1) AS "badgeId"
  FROM registrations r JOIN attendee_categories c ON c.id = r."categoryId"
  LEFT JOIN check_ins f ON f."listId" = $1 AND f."firstOf" = r.id
  WHERE r.id = $2 AND r."eventId" = $3`;
const INSERT = `INSERT INTO check_ins ("eventId", "listId", "registrationId", "badgeId", result, "firstOf", source, nonce,
  "nonceScope", "deviceId", "deviceName", "userId", "pairedDeviceId", "scannedAt", "claimedAt", "localResult", flagged,
  answer, "createdAt")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
  ON CONFLICT DO NOTHING RETURNING id`;
const BY_NONCE = `SELECT id, answer, flagged, "localResult", result, "claimedAt" FROM check_ins
  WHERE "eventId" = $1 AND "nonceScope" = $2 AND nonce = $3`;
const EVENT_DAYS = `SELECT "startsAt", "endsAt", timezone FROM events WHERE id = $1`;
const FIRST = `SELECT "scannedAt" AS "firstAt", "deviceId" AS "firstDeviceId", "deviceName" AS "firstDeviceName"
  FROM check_ins WHERE "listId" = $1 AND "firstOf" = $2`;
const PUBLIC_KEY = `SELECT "publicKey" FROM event_keys WHERE "eventId" = $1`;

/** At most this many scans share one SQLite transaction. */
const MAX_GROUP = 64;

/** How long an event's days are kept in memory for judging scan times (an event's dates rarely change). */
const DAYS_TTL_MS = 60_000;

/** Whose nonce a scan's is: nonces are unique per device, never shared by the devices of an event. */
export function nonceScope(actor: ScanActor, deviceId: string | undefined): string {
  return actor.kind === 'device' ? `device:${actor.deviceId}` : `user:${actor.userId}:${deviceId ?? ''}`;
}

/**
 * Decides every scan, whether it comes from the API, the scanner page, a manual look-up or an offline upload
 * (pretix's perform_checkin): the badge's signature against the event's key, the badge and registration state, the
 * list's categories, then one check-in row. "Exactly one first check-in per registration and list" is a unique index,
 * and a repeated nonce answers the stored first answer, so concurrent scans and retries need no locks. The hot path is
 * one read and one insert of plain SQL: a scan must cost little more than its signature check and its insert.
 */
@Injectable()
export class CheckInService {
  private readonly sql: SqlDialect;
  private readonly run: SqlRunner;
  private readonly keys = new Map<number, KeyObject>();
  private readonly days = new Map<number, { days: { from: Date; to: Date }; until: number }>();
  /** Scans that arrive together share one SQLite transaction (group commit); see `GroupCommit`. */
  private readonly group: GroupCommit;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CheckInListsService) private readonly lists: CheckInListsService,
  ) {
    this.run = SqlRunner.of(db.dataSource);
    this.sql = this.run.dialect;
    this.group = new GroupCommit(db, { maxGroup: MAX_GROUP });
  }

  async perform(input: ScanInput, actor: ScanActor): Promise<ScanAnswer> {
    if ((input.code === undefined) === (input.registrationId === undefined))
      throw new CheckInError('scan_input_invalid', {}, [
        { field: 'code', reason: 'give either code or registrationId' },
      ]);
    if (actor.kind === 'device') {
      if (actor.eventId !== input.eventId || (input.listId !== undefined && input.listId !== actor.listId))
        throw new CheckInError('device_wrong_scope');
    }
    const list = await this.lists.resolve(input.eventId, actor.kind === 'device' ? actor.listId : input.listId);
    const registrationId =
      input.code !== undefined ? await this.verify(input.eventId, input.code) : input.registrationId;
    const time = input.scannedAt
      ? scanTime(input.scannedAt, new Date(), await this.eventDays(input.eventId))
      : scanTime(undefined, new Date(), { from: new Date(0), to: new Date(0) });
    // SQLite: scans waiting for the writer are decided one after the other in one transaction (one commit for many
    // cuts a third of a scan's cost under load, test/bench/checkin.ts), each exactly as alone; PostgreSQL: one each.
    return this.group.run((em) => this.decide(em, list, input, time, actor, registrationId));
  }

  /** An offline device's queue, in its order: each scan decided as if it had arrived online, none dropped. */
  async sync(eventId: number, scans: ScanInput[], actor: ScanActor): Promise<ScanAnswer[]> {
    const answers: ScanAnswer[] = [];
    for (const scan of scans) answers.push(await this.perform({ ...scan, eventId, source: 'offline' }, actor));
    return answers;
  }

  /** The registration id of a genuine badge of this event, or undefined (forged, altered, another event's, garbage). */
  private async verify(eventId: number, code: string): Promise<number | undefined> {
    const key = await this.publicKey(eventId);
    const claims = key ? verifyBadge(code.trim(), key) : undefined;
    return claims && claims.eventId === eventId ? claims.registrationId : undefined;
  }

  /** The event's days, for judging the times devices give (kept a minute: a scan must not cost a read for them). */
  private async eventDays(eventId: number): Promise<{ from: Date; to: Date }> {
    const cached = this.days.get(eventId);
    if (cached && cached.until > Date.now()) return cached.days;
    const rows: { startsAt: unknown; endsAt: unknown; timezone: string }[] = await this.db.manager.query(
      this.sql.text(EVENT_DAYS),
      [eventId],
    );
    const row = rows[0];
    const days = row
      ? eventDays({
          startsAt: this.sql.readTime(row.startsAt),
          endsAt: this.sql.readTime(row.endsAt),
          timezone: row.timezone,
        })
      : { from: new Date(0), to: new Date(0) };
    this.days.set(eventId, { days, until: Date.now() + DAYS_TTL_MS });
    return days;
  }

  private async publicKey(eventId: number): Promise<KeyObject | undefined> {
    const cached = this.keys.get(eventId);
    if (cached) return cached;
    const rows: { publicKey: string }[] = await this.db.manager.query(this.sql.text(PUBLIC_KEY), [eventId]);
    if (rows.length === 0) return undefined;
    // A key pair never changes once made, so the parsed key is kept for the life of the process.
    const key = publicKeyFrom(rows[0].publicKey);
    this.keys.set(eventId, key);
    return key;
  }

  private async decide(
    em: EntityManager,
    list: CheckInList,
    input: ScanInput,
    time: ScanTime,
    actor: ScanActor,
    registrationId: number | undefined,
  ): Promise<ScanAnswer> {
    let target: Target | undefined;
    if (registrationId !== undefined) {
      if (input.code !== undefined) {
        const rows = await this.run.all<Target & { badgeRegistrationId: number; revokedAt: unknown }>(em, BY_CODE, [
          list.id,
          input.code.trim(),
          input.eventId,
        ]);
        const row = rows[0];
        if (row && Number(row.badgeRegistrationId) === registrationId)
          target = { ...row, badgeRevoked: row.revokedAt !== null && row.revokedAt !== undefined };
      } else {
        const rows = await this.run.all<Target>(em, BY_REGISTRATION, [list.id, registrationId, input.eventId]);
        if (rows[0]) target = { ...rows[0], badgeRevoked: false };
      }
    }

    const base: StoredAnswer = { result: 'unknown', listId: list.id };
    if (target) {
      base.attendee = {
        registrationId: target.registrationId,
        name: target.name,
        organisation: target.organisation,
        title: target.title,
        category: {
          id: target.categoryId,
          code: target.categoryCode,
          name: target.categoryName,
          nameEn: target.categoryNameEn,
          colour: target.colour,
        },
      };
      base.result = this.judge(target, list);
    }
    if (base.result !== 'ok') return (await this.record(em, list, input, time, actor, target, base, null))!;

    // Admitted. Without a first check-in yet, this scan claims the unique (listId, firstOf) slot; when another scan
    // claims it first (two devices at the same moment), the insert does nothing and the first is read back.
    let first = target!.firstAt ? target! : undefined;
    if (!first) {
      const claimed = await this.record(em, list, input, time, actor, target, base, target!.registrationId);
      if (claimed) return claimed;
      const replay = await this.replay(em, input, actor);
      if (replay) return replay;
      first = (await this.run.all<Target>(em, FIRST, [list.id, target!.registrationId]))[0];
    }
    const answer: StoredAnswer = {
      ...base,
      result: list.allowReentry ? 'ok' : 'already_checked_in',
      ...(first
        ? {
            firstCheckIn: {
              at: this.sql.readTime(first.firstAt).toISOString(),
              deviceId: first.firstDeviceId,
              deviceName: first.firstDeviceName,
              listId: list.id,
            },
          }
        : {}),
    };
    return (await this.record(em, list, input, time, actor, target, answer, null))!;
  }

  private judge(target: Target, list: CheckInList): CheckInResult {
    if (target.badgeRevoked || target.status === 'cancelled' || target.status === 'rejected') return 'revoked';
    if (target.status !== 'confirmed') return 'not_confirmed';
    if (list.categoryIds && !list.categoryIds.includes(target.categoryId)) return 'not_on_list';
    return 'ok';
  }

  /**
   * Inserts the scan's row; answers undefined when the insert hit a unique index (a first check-in already taken,
   * or the nonce already answered — then the stored answer is returned instead when firstOf is null).
   */
  private async record(
    em: EntityManager,
    list: CheckInList,
    input: ScanInput,
    time: ScanTime,
    actor: ScanActor,
    target: Target | undefined,
    answer: StoredAnswer,
    firstOf: number | null,
  ): Promise<ScanAnswer | undefined> {
    const now = new Date();
    const flags = flagsOf(input.localResult ?? null, answer.result, input.source === 'offline' ? time.claimed : null);
    const flagged = flags.length > 0;
    const params = [
      input.eventId,
      list.id,
      target?.registrationId ?? null,
      target?.badgeId ?? null,
      answer.result,
      firstOf,
      input.source,
      input.nonce ?? null,
      nonceScope(actor, input.deviceId),
      input.deviceId ?? (actor.kind === 'device' ? `device-${actor.deviceId}` : null),
      actor.name.slice(0, 100),
      actor.kind === 'user' ? actor.userId : null,
      actor.kind === 'device' ? actor.deviceId : null,
      this.sql.time(time.at),
      time.claimed ? this.sql.time(time.claimed) : null,
      input.localResult ?? null,
      this.sql.bool(flagged),
      JSON.stringify(answer),
      this.sql.time(now),
    ];
    const inserted = await this.run.all<{ id: number }>(em, INSERT, params);
    if (inserted.length === 0) {
      if (firstOf !== null) return undefined;
      // Only the nonce can have conflicted: answer what was answered the first time.
      const replay = await this.replay(em, input, actor);
      if (!replay) throw new Error('check-in insert ignored without a matching nonce');
      return replay;
    }
    const checkInId = Number(inserted[0].id);
    return { ...answer, ...(answer.result === 'ok' ? { checkInId } : {}), ...(flagged ? { flagged, flags } : {}) };
  }

  /** The first answer to this device's nonce, when it has already been answered. */
  private async replay(em: EntityManager, input: ScanInput, actor: ScanActor): Promise<ScanAnswer | undefined> {
    if (!input.nonce) return undefined;
    const rows = await this.run.all<{
      id: number;
      answer: string | StoredAnswer;
      flagged: unknown;
      localResult: CheckInResult | null;
      result: CheckInResult;
      claimedAt: unknown;
    }>(em, BY_NONCE, [input.eventId, nonceScope(actor, input.deviceId), input.nonce]);
    const row = rows[0];
    if (!row) return undefined;
    const answer = typeof row.answer === 'string' ? (JSON.parse(row.answer) as StoredAnswer) : row.answer;
    const flagged = this.sql.readBool(row.flagged);
    const claimed = row.claimedAt === null || row.claimedAt === undefined ? null : this.sql.readTime(row.claimedAt);
    return {
      ...answer,
      ...(answer.result === 'ok' ? { checkInId: Number(row.id) } : {}),
      ...(flagged ? { flagged, flags: flagsOf(row.localResult, row.result, claimed) } : {}),
      replayed: true,
    };
  }
}

/** Why a scan is shown to the organisers (an offline scan's claimed time is passed only when it was not believed). */
export function flagsOf(localResult: CheckInResult | null, result: CheckInResult, claimed: Date | null): ScanFlag[] {
  const flags: ScanFlag[] = [];
  if (localResult === 'ok' && result !== 'ok') flags.push('admitted_offline');
  if (claimed) flags.push('time_outside_event');
  return flags;
}
