import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { AccessService } from '../accounts/access.service.js';
import { Session } from '../agenda/session.entity.js';
import { Database } from '../database/database.service.js';
import { Event } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import { ExhibitionZone } from '../events/exhibition-zone.entity.js';
import { Venue } from '../events/venue.entity.js';
import { AttendeeCategory } from '../registration/attendee-category.entity.js';
import { CheckInList, ENTRANCE_CODE } from './check-in-list.entity.js';
import { CheckIn } from './check-in.entity.js';
import { CheckInError } from './check-in.errors.js';
import type { ScanActor } from './check-in.service.js';
import type { CheckInListDto, UpdateCheckInListDto } from './dto/check-in.dto.js';

/** How long a list read for a scan is trusted before it is read again (edits in this process apply at once). */
const CACHE_MS = 5000;

/**
 * Owns check-in lists: every event's entrance list (made on first use) and the organiser's lists for sessions,
 * sub-venues and zones, each with its admitted categories and re-entry rule.
 */
@Injectable()
export class CheckInListsService {
  private readonly cache = new Map<number, { list: CheckInList; at: number }>();
  private readonly entrances = new Map<number, number>();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  /** The event's entrance list, created the first time anyone asks (two instances racing: the first insert wins). */
  async entrance(eventId: number): Promise<CheckInList> {
    const known = this.entrances.get(eventId);
    if (known !== undefined) return this.get(eventId, known);
    let list = await this.db.manager.findOneBy(CheckInList, { eventId, code: ENTRANCE_CODE });
    if (!list) {
      const event = await this.db.manager.findOneBy(Event, { id: eventId });
      if (!event) throw new EventsError('event_not_found', { id: eventId });
      list = await this.db.transaction(async (em) => {
        await em
          .createQueryBuilder()
          .insert()
          .into(CheckInList)
          .values({
            eventId,
            code: ENTRANCE_CODE,
            kind: 'entrance',
            name: '入口签到',
            nameEn: 'Entrance',
            categoryIds: null,
            allowReentry: false,
            position: 0,
          })
          .orIgnore()
          .execute();
        return em.findOneByOrFail(CheckInList, { eventId, code: ENTRANCE_CODE });
      });
    }
    this.entrances.set(eventId, list.id);
    this.cache.set(list.id, { list, at: Date.now() });
    return list;
  }

  /** A list of the event, read at most every few seconds (scans ask for it each time). */
  async get(eventId: number, listId: number): Promise<CheckInList> {
    const cached = this.cache.get(listId);
    let list = cached && Date.now() - cached.at < CACHE_MS ? cached.list : undefined;
    if (!list) {
      list = (await this.db.manager.findOneBy(CheckInList, { id: listId })) ?? undefined;
      if (list) this.cache.set(listId, { list, at: Date.now() });
      else this.cache.delete(listId);
    }
    if (!list || list.eventId !== eventId) throw new CheckInError('list_not_found', { id: listId });
    return list;
  }

  async resolve(eventId: number, listId: number | undefined): Promise<CheckInList> {
    return listId === undefined ? this.entrance(eventId) : this.get(eventId, listId);
  }

  /**
   * The list someone scans at: the one asked for, else a device's own list, else the entrance. A device asking for
   * another list is refused (403), whatever the list.
   */
  async forActor(actor: ScanActor, eventId: number, listId: number | undefined): Promise<CheckInList> {
    const id = listId ?? (actor.kind === 'device' ? actor.listId : undefined);
    if (id !== undefined) await this.access.requireAccess(actor, 'checkInList.scan', id);
    return this.resolve(eventId, id);
  }

  /** Every list of the event, the entrance first. */
  async all(eventId: number): Promise<CheckInList[]> {
    await this.entrance(eventId);
    return this.db.manager.find(CheckInList, { where: { eventId }, order: { position: 'ASC', id: 'ASC' } });
  }

  async create(eventId: number, dto: CheckInListDto): Promise<CheckInList> {
    await this.entrance(eventId);
    const list = await this.db.transaction(async (em) => {
      const places = await this.places(em, eventId, dto);
      const categoryIds = await this.categoryIds(em, eventId, dto.categories);
      const last = await em
        .createQueryBuilder(CheckInList, 'l')
        .select('MAX(l.position)', 'max')
        .where('l.eventId = :eventId', { eventId })
        .getRawOne<{ max: number | null }>();
      return em.save(
        em.create(CheckInList, {
          eventId,
          code: `${dto.kind.replace('_', '-')}-${randomBytes(4).toString('hex')}`,
          kind: dto.kind,
          name: dto.name.trim(),
          nameEn: dto.nameEn?.trim() || null,
          categoryIds,
          allowReentry: dto.allowReentry ?? false,
          position: Number(last?.max ?? 0) + 1,
          ...places,
        }),
      );
    });
    this.cache.set(list.id, { list, at: Date.now() });
    return list;
  }

  async update(eventId: number, listId: number, dto: UpdateCheckInListDto): Promise<CheckInList> {
    const list = await this.db.transaction(async (em) => {
      const list = await em.findOneBy(CheckInList, { id: listId, eventId });
      if (!list) throw new CheckInError('list_not_found', { id: listId });
      if (list.kind === 'entrance' && dto.kind !== undefined) throw new CheckInError('entrance_list_fixed');
      if (dto.name !== undefined) list.name = dto.name.trim();
      if (dto.nameEn !== undefined) list.nameEn = dto.nameEn?.trim() || null;
      if (dto.kind !== undefined && list.kind !== 'entrance') list.kind = dto.kind;
      if (dto.allowReentry !== undefined) list.allowReentry = dto.allowReentry;
      if (dto.categories !== undefined) list.categoryIds = await this.categoryIds(em, eventId, dto.categories);
      Object.assign(list, await this.places(em, eventId, { ...list, ...dto }));
      return em.save(list);
    });
    this.cache.set(list.id, { list, at: Date.now() });
    return list;
  }

  /** Deletes a list nobody has been checked in on yet (the entrance stays). */
  async remove(eventId: number, listId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const list = await em.findOneBy(CheckInList, { id: listId, eventId });
      if (!list) throw new CheckInError('list_not_found', { id: listId });
      if (list.kind === 'entrance') throw new CheckInError('entrance_list_fixed');
      if (await em.existsBy(CheckIn, { listId })) throw new CheckInError('list_in_use');
      await em.delete(CheckInList, { id: listId });
    });
    this.cache.delete(listId);
  }

  private async categoryIds(em: EntityManager, eventId: number, codes: string[] | undefined): Promise<number[] | null> {
    if (!codes || codes.length === 0) return null;
    const unique = [...new Set(codes)];
    const found = await em.find(AttendeeCategory, { where: { eventId, code: In(unique) }, order: { position: 'ASC' } });
    const missing = unique.filter((code) => !found.some((c) => c.code === code));
    if (missing.length > 0)
      throw new CheckInError('category_not_of_event', { missing }, [
        { field: 'categories', reason: `not categories of this event: ${missing.join(', ')}` },
      ]);
    return found.map((c) => c.id);
  }

  private async places(
    em: EntityManager,
    eventId: number,
    dto: { sessionId?: number | null; venueId?: number | null; zoneId?: number | null },
  ): Promise<{ sessionId: number | null; venueId: number | null; zoneId: number | null }> {
    const check = async (field: string, entity: typeof Session | typeof Venue | typeof ExhibitionZone, id: unknown) => {
      if (typeof id !== 'number') return null;
      if (!(await em.existsBy(entity, { id, eventId })))
        throw new CheckInError('place_not_of_event', {}, [{ field, reason: 'not a place of this event' }]);
      return id;
    };
    return {
      sessionId: await check('sessionId', Session, dto.sessionId),
      venueId: await check('venueId', Venue, dto.venueId),
      zoneId: await check('zoneId', ExhibitionZone, dto.zoneId),
    };
  }
}
