import { Inject, Injectable } from '@nestjs/common';
import { In, Like, type EntityManager } from 'typeorm';
import type { AccessPrincipal } from '../accounts/access-rules.js';
import { AccessService } from '../accounts/access.service.js';
import { isValidTimeZone } from '../common/time.js';
import { Database } from '../database/database.service.js';
import { Organisation } from '../directory/organisation.entity.js';
import type {
  CreateEventDto,
  EventOrganisationDto,
  RoomDto,
  UpdateEventDto,
  UpdateRoomDto,
  UpdateVenueDto,
  UpdateZoneDto,
  VenueDto,
  ZoneDto,
} from './dto/event.dto.js';
import type { CreateSeriesDto, UpdateSeriesDto } from './dto/series.dto.js';
import {
  publishWarnings,
  readiness,
  registrationWindow,
  type Readiness,
  type ReadinessCode,
  type ReadinessFacts,
} from './domain/readiness.js';
import { slugFromTitle } from './domain/slug.js';
import { EventOrganisation } from './event-organisation.entity.js';
import { EventSeries } from './event-series.entity.js';
import { Event, type EventStatus } from './event.entity.js';
import { EventsError } from './events.errors.js';
import { ExhibitionZone } from './exhibition-zone.entity.js';
import { Room } from './room.entity.js';
import { Venue } from './venue.entity.js';

export interface EventDetails {
  event: Event;
  series: EventSeries | null;
  venues: (Venue & { rooms: Room[] })[];
  zones: ExhibitionZone[];
  organisations: { role: EventOrganisation['role']; organisation: Organisation }[];
}

const MAX_EVENT_DAYS = 31;

const TRANSITIONS: Record<EventStatus, EventStatus[]> = {
  draft: ['published'],
  published: ['draft', 'closed'],
  closed: ['published'],
};

/** Owns events and their places: series, venues and sub-venues, rooms, exhibition zones, hosting organisations. */
@Injectable()
export class EventsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  // ---- reading

  list(status: EventStatus | 'all' = 'published'): Promise<Event[]> {
    return this.db.manager.find(Event, {
      where: status === 'all' ? {} : { status },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  async get(id: number): Promise<Event> {
    const event = await this.db.manager.findOneBy(Event, { id });
    if (!event) throw new EventsError('event_not_found', { id });
    return event;
  }

  async getBySlug(slug: string): Promise<Event> {
    const event = await this.db.manager.findOneBy(Event, { slug });
    if (!event) throw new EventsError('event_not_found', { slug });
    return event;
  }

  /**
   * The event (by id or slug) if the principal may see it (`event.read`): a draft is not found for anyone but
   * organisers and those who work at it. Public pages and the public API read events through this.
   */
  async visible(principal: AccessPrincipal | null, key: number | string): Promise<Event> {
    const event = typeof key === 'number' ? await this.get(key) : await this.getBySlug(key);
    await this.access.requireAccess(principal, 'event.read', event.id);
    return event;
  }

  async details(event: Event): Promise<EventDetails> {
    const em = this.db.manager;
    const [series, venues, zones, links] = await Promise.all([
      event.seriesId ? em.findOneBy(EventSeries, { id: event.seriesId }) : Promise.resolve(null),
      em.find(Venue, { where: { eventId: event.id }, order: { position: 'ASC', id: 'ASC' } }),
      em.find(ExhibitionZone, { where: { eventId: event.id }, order: { position: 'ASC', id: 'ASC' } }),
      em.find(EventOrganisation, {
        where: { eventId: event.id },
        relations: { organisation: true },
        order: { position: 'ASC', id: 'ASC' },
      }),
    ]);
    const rooms = venues.length
      ? await em.find(Room, { where: { venueId: In(venues.map((v) => v.id)) }, order: { position: 'ASC', id: 'ASC' } })
      : [];
    return {
      event,
      series,
      venues: venues.map((venue) => Object.assign(venue, { rooms: rooms.filter((r) => r.venueId === venue.id) })),
      zones,
      organisations: links.map((link) => ({ role: link.role, organisation: link.organisation! })),
    };
  }

  /** What the event still needs before people can register (see domain/readiness.ts). */
  async readiness(id: number, now = new Date()): Promise<Readiness & { publishWarnings: ReadinessCode[] }> {
    const facts = await this.readinessFacts(await this.get(id), now);
    return { ...readiness(facts), publishWarnings: publishWarnings(facts) };
  }

  /**
   * The registration facts come from the registration tables by entity name: registration builds on events, so
   * events cannot import its classes or its service without a cycle.
   */
  private async readinessFacts(event: Event, now: Date): Promise<ReadinessFacts> {
    const em = this.db.manager;
    const [venueCount, settings, publicCategoryCount] = await Promise.all([
      em.countBy(Venue, { eventId: event.id }),
      em.findOneBy<{ eventId: number; opensAt: Date | null; closesAt: Date | null }>('RegistrationSettings', {
        eventId: event.id,
      }),
      em.countBy('AttendeeCategory', { eventId: event.id, publicForm: true }),
    ]);
    return {
      status: event.status,
      venueCount,
      description: event.description,
      publicCategoryCount,
      registrationWindow: registrationWindow(settings, event.endsAt, now),
    };
  }

  /** A free slug proposed from a title (the console's form shows it while the title is typed). */
  proposeSlug(title: string): Promise<string> {
    return this.freeSlug(this.db.manager, slugFromTitle(title));
  }

  // ---- events

  async create(dto: CreateEventDto): Promise<Event> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const timezone = dto.timezone ?? 'Asia/Shanghai';
    checkDates(startsAt, endsAt);
    checkTimeZone(timezone);
    if ((dto.venues ?? []).filter((v) => v.kind === 'main').length > 1) {
      throw new EventsError('second_main_venue', {}, [
        { field: 'venues', reason: 'an event has at most one main venue' },
      ]);
    }
    return this.db.transaction(async (em) => {
      if (dto.slug) await this.assertSlugFree(em, dto.slug);
      const slug = dto.slug ?? (await this.freeSlug(em, slugFromTitle(dto.title)));
      if (dto.seriesId) await this.assertSeries(em, dto.seriesId);
      const event = em.create(Event, {
        slug,
        title: dto.title,
        titleEn: dto.titleEn ?? null,
        shortTitle: dto.shortTitle ?? null,
        shortTitleEn: dto.shortTitleEn ?? null,
        theme: dto.theme ?? null,
        themeEn: dto.themeEn ?? null,
        description: dto.description ?? null,
        descriptionEn: dto.descriptionEn ?? null,
        seriesId: dto.seriesId ?? null,
        edition: dto.edition ?? null,
        startsAt,
        endsAt,
        timezone,
        status: 'draft',
      });
      await em.save(event);
      for (const [i, venue] of (dto.venues ?? []).entries()) await this.insertVenue(em, event.id, venue, i);
      for (const [i, zone] of (dto.zones ?? []).entries()) await this.insertZone(em, event.id, zone, i);
      if (dto.organisations) await this.replaceOrganisations(em, event.id, dto.organisations);
      return event;
    });
  }

  async update(id: number, dto: UpdateEventDto): Promise<Event> {
    return this.db.transaction(async (em) => {
      const event = await em.findOneBy(Event, { id });
      if (!event) throw new EventsError('event_not_found', { id });
      if (dto.slug !== undefined && dto.slug !== event.slug) await this.assertSlugFree(em, dto.slug);
      if (dto.seriesId) await this.assertSeries(em, dto.seriesId);
      const startsAt = dto.startsAt ? new Date(dto.startsAt) : event.startsAt;
      const endsAt = dto.endsAt ? new Date(dto.endsAt) : event.endsAt;
      checkDates(startsAt, endsAt);
      if (dto.timezone !== undefined) checkTimeZone(dto.timezone);
      for (const key of [
        'slug',
        'title',
        'titleEn',
        'shortTitle',
        'shortTitleEn',
        'theme',
        'themeEn',
        'description',
        'descriptionEn',
        'seriesId',
        'edition',
        'timezone',
      ] as const) {
        if (dto[key] !== undefined) Object.assign(event, { [key]: dto[key] });
      }
      Object.assign(event, { startsAt, endsAt });
      await em.save(event);
      if (dto.organisations) await this.replaceOrganisations(em, id, dto.organisations);
      return event;
    });
  }

  /** Moves an event through draft → published → closed (and back where that makes sense). */
  async transition(id: number, to: EventStatus): Promise<Event> {
    return this.db.transaction(async (em) => {
      const event = await em.findOneBy(Event, { id });
      if (!event) throw new EventsError('event_not_found', { id });
      if (event.cancelledAt) throw new EventsError('event_cancelled', { id });
      if (!TRANSITIONS[event.status].includes(to)) {
        throw new EventsError('invalid_transition', { from: event.status, to });
      }
      event.status = to;
      if (to === 'published') event.publishedAt = new Date();
      if (to === 'closed') event.closedAt = new Date();
      return em.save(event);
    });
  }

  /**
   * Deletes a draft that never had a registration. An event people registered for is cancelled instead
   * (RegistrationModule's EventCancellationService): their registrations, badges and check-ins are personal history,
   * and the database refuses to delete them with the event (registrations.eventId is ON DELETE RESTRICT).
   */
  async remove(id: number): Promise<void> {
    try {
      await this.db.transaction(async (em) => {
        const event = await em.findOneBy(Event, { id });
        if (!event) throw new EventsError('event_not_found', { id });
        if (event.status !== 'draft')
          throw new EventsError('invalid_transition', { from: event.status, to: 'deleted' });
        await em.delete(Event, { id });
      });
    } catch (error) {
      if (Database.isForeignKeyViolation(error)) throw new EventsError('event_has_registrations', { id });
      throw error;
    }
  }

  /**
   * Closes the event for good as cancelled, in the caller's transaction (the cancellation also cancels its
   * registrations and tells everyone). A cancelled event is never reopened or published again.
   */
  async markCancelled(em: EntityManager, id: number, reason: string | null): Promise<Event> {
    const event = await em.findOneBy(Event, { id });
    if (!event) throw new EventsError('event_not_found', { id });
    if (event.cancelledAt) throw new EventsError('event_cancelled', { id });
    const now = new Date();
    event.status = 'closed';
    event.closedAt = event.closedAt ?? now;
    event.cancelledAt = now;
    event.cancellationReason = reason;
    return em.save(event);
  }

  // ---- venues and rooms

  async addVenue(eventId: number, dto: VenueDto): Promise<Venue> {
    return this.db.transaction(async (em) => {
      await this.assertEvent(em, eventId);
      const position = await em.countBy(Venue, { eventId });
      return this.insertVenue(em, eventId, dto, position);
    });
  }

  async updateVenue(eventId: number, venueId: number, dto: UpdateVenueDto): Promise<Venue> {
    return this.db.transaction(async (em) => {
      const venue = await em.findOneBy(Venue, { id: venueId, eventId });
      if (!venue) throw new EventsError('venue_not_found', { id: venueId });
      if (dto.kind === 'main' && venue.kind !== 'main') await this.assertNoMainVenue(em, eventId);
      for (const key of ['name', 'nameEn', 'kind', 'address', 'addressEn'] as const) {
        if (dto[key] !== undefined) Object.assign(venue, { [key]: dto[key] });
      }
      return em.save(venue);
    });
  }

  async removeVenue(eventId: number, venueId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const result = await em.delete(Venue, { id: venueId, eventId });
      if (!result.affected) throw new EventsError('venue_not_found', { id: venueId });
    });
  }

  async addRoom(eventId: number, venueId: number, dto: RoomDto): Promise<Room> {
    return this.db.transaction(async (em) => {
      const venue = await em.findOneBy(Venue, { id: venueId, eventId });
      if (!venue) throw new EventsError('venue_not_found', { id: venueId });
      const position = await em.countBy(Room, { venueId });
      return em.save(
        em.create(Room, {
          venueId,
          name: dto.name,
          nameEn: dto.nameEn ?? null,
          capacity: dto.capacity ?? null,
          position,
          ...roomHours(dto),
        }),
      );
    });
  }

  async updateRoom(eventId: number, roomId: number, dto: UpdateRoomDto): Promise<Room> {
    return this.db.transaction(async (em) => {
      const room = await this.findRoom(em, eventId, roomId);
      for (const key of ['name', 'nameEn', 'capacity'] as const) {
        if (dto[key] !== undefined) Object.assign(room, { [key]: dto[key] });
      }
      Object.assign(room, roomHours(dto));
      return em.save(room);
    });
  }

  async removeRoom(eventId: number, roomId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const room = await this.findRoom(em, eventId, roomId);
      await em.delete(Room, { id: room.id });
    });
  }

  // ---- exhibition zones

  async addZone(eventId: number, dto: ZoneDto): Promise<ExhibitionZone> {
    return this.db.transaction(async (em) => {
      await this.assertEvent(em, eventId);
      const position = await em.countBy(ExhibitionZone, { eventId });
      return this.insertZone(em, eventId, dto, position);
    });
  }

  async updateZone(eventId: number, zoneId: number, dto: UpdateZoneDto): Promise<ExhibitionZone> {
    return this.db.transaction(async (em) => {
      const zone = await em.findOneBy(ExhibitionZone, { id: zoneId, eventId });
      if (!zone) throw new EventsError('zone_not_found', { id: zoneId });
      for (const key of ['name', 'nameEn', 'description', 'descriptionEn'] as const) {
        if (dto[key] !== undefined) Object.assign(zone, { [key]: dto[key] });
      }
      return em.save(zone);
    });
  }

  async removeZone(eventId: number, zoneId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const result = await em.delete(ExhibitionZone, { id: zoneId, eventId });
      if (!result.affected) throw new EventsError('zone_not_found', { id: zoneId });
    });
  }

  // ---- hosting organisations (主办 / 承办 / 协办)

  async setOrganisations(eventId: number, organisations: EventOrganisationDto[]): Promise<void> {
    await this.db.transaction(async (em) => {
      await this.assertEvent(em, eventId);
      await this.replaceOrganisations(em, eventId, organisations);
    });
  }

  async addOrganisation(eventId: number, link: EventOrganisationDto): Promise<void> {
    await this.db.transaction(async (em) => {
      await this.assertEvent(em, eventId);
      const current = await em.find(EventOrganisation, { where: { eventId }, order: { position: 'ASC', id: 'ASC' } });
      const list = current.map((c) => ({ organisationId: c.organisationId, role: c.role }));
      await this.replaceOrganisations(em, eventId, [...list, link]);
    });
  }

  async removeOrganisation(eventId: number, organisationId: number, role: EventOrganisation['role']): Promise<void> {
    await this.db.transaction(async (em) => {
      const result = await em.delete(EventOrganisation, { eventId, organisationId, role });
      if (!result.affected) throw new EventsError('organisation_not_found', { id: organisationId });
    });
  }

  // ---- series

  listSeries(): Promise<EventSeries[]> {
    return this.db.manager.find(EventSeries, { order: { name: 'ASC' } });
  }

  async createSeries(dto: CreateSeriesDto): Promise<EventSeries> {
    return this.db.transaction(async (em) => {
      if (await em.existsBy(EventSeries, { slug: dto.slug })) {
        throw new EventsError('slug_taken', { slug: dto.slug }, [
          { field: 'slug', reason: 'this slug is already used' },
        ]);
      }
      return em.save(
        em.create(EventSeries, {
          ...dto,
          nameEn: dto.nameEn ?? null,
          description: dto.description ?? null,
          descriptionEn: dto.descriptionEn ?? null,
        }),
      );
    });
  }

  async updateSeries(id: number, dto: UpdateSeriesDto): Promise<EventSeries> {
    return this.db.transaction(async (em) => {
      const series = await em.findOneBy(EventSeries, { id });
      if (!series) throw new EventsError('series_not_found', { id });
      if (dto.slug && dto.slug !== series.slug && (await em.existsBy(EventSeries, { slug: dto.slug }))) {
        throw new EventsError('slug_taken', { slug: dto.slug }, [
          { field: 'slug', reason: 'this slug is already used' },
        ]);
      }
      Object.assign(series, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      return em.save(series);
    });
  }

  // ---- helpers

  private async insertVenue(em: EntityManager, eventId: number, dto: VenueDto, position: number): Promise<Venue> {
    if (dto.kind === 'main') await this.assertNoMainVenue(em, eventId);
    const venue = await em.save(
      em.create(Venue, {
        eventId,
        name: dto.name,
        nameEn: dto.nameEn ?? null,
        kind: dto.kind,
        address: dto.address ?? null,
        addressEn: dto.addressEn ?? null,
        position,
      }),
    );
    for (const [i, room] of (dto.rooms ?? []).entries()) {
      await em.save(
        em.create(Room, {
          venueId: venue.id,
          name: room.name,
          nameEn: room.nameEn ?? null,
          capacity: room.capacity ?? null,
          position: i,
          ...roomHours(room),
        }),
      );
    }
    return venue;
  }

  private insertZone(em: EntityManager, eventId: number, dto: ZoneDto, position: number): Promise<ExhibitionZone> {
    return em.save(
      em.create(ExhibitionZone, {
        eventId,
        name: dto.name,
        nameEn: dto.nameEn ?? null,
        description: dto.description ?? null,
        descriptionEn: dto.descriptionEn ?? null,
        position,
      }),
    );
  }

  private async replaceOrganisations(em: EntityManager, eventId: number, links: EventOrganisationDto[]): Promise<void> {
    const ids = [...new Set(links.map((l) => l.organisationId))];
    const found = ids.length ? await em.findBy(Organisation, { id: In(ids) }) : [];
    const missing = ids.filter((id) => !found.some((o) => o.id === id));
    if (missing.length > 0) {
      throw new EventsError('organisation_not_found', { ids: missing }, [
        { field: 'organisations', reason: `unknown organisation id ${missing.join(', ')}` },
      ]);
    }
    await em.delete(EventOrganisation, { eventId });
    const seen = new Set<string>();
    let position = 0;
    for (const link of links) {
      const key = `${link.organisationId}:${link.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await em.insert(EventOrganisation, {
        eventId,
        organisationId: link.organisationId,
        role: link.role,
        position: position++,
      });
    }
  }

  private async findRoom(em: EntityManager, eventId: number, roomId: number): Promise<Room> {
    const room = await em
      .createQueryBuilder(Room, 'r')
      .innerJoin(Venue, 'v', 'v.id = r.venueId')
      .where('r.id = :roomId AND v.eventId = :eventId', { roomId, eventId })
      .getOne();
    if (!room) throw new EventsError('room_not_found', { id: roomId });
    return room;
  }

  private async assertEvent(em: EntityManager, eventId: number): Promise<void> {
    if (!(await em.existsBy(Event, { id: eventId }))) throw new EventsError('event_not_found', { id: eventId });
  }

  private async assertSeries(em: EntityManager, seriesId: number): Promise<void> {
    if (!(await em.existsBy(EventSeries, { id: seriesId }))) {
      throw new EventsError('series_not_found', { id: seriesId }, [{ field: 'seriesId', reason: 'no such series' }]);
    }
  }

  private async assertSlugFree(em: EntityManager, slug: string): Promise<void> {
    if (await em.existsBy(Event, { slug })) {
      throw new EventsError('slug_taken', { slug }, [
        { field: 'slug', reason: 'another event already uses this slug' },
      ]);
    }
  }

  /** `base`, or `base-2`, `base-3` … when another event has it. */
  private async freeSlug(em: EntityManager, base: string): Promise<string> {
    const taken = new Set(
      (await em.find(Event, { select: { slug: true }, where: { slug: Like(`${base}%`) } })).map((e) => e.slug),
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) {
      const candidate = `${base.slice(0, 80 - String(n).length - 1)}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
  }

  private async assertNoMainVenue(em: EntityManager, eventId: number): Promise<void> {
    if (await em.existsBy(Venue, { eventId, kind: 'main' })) {
      throw new EventsError('second_main_venue', {}, [
        { field: 'kind', reason: 'this event already has a main venue' },
      ]);
    }
  }
}

/** A room's opening hours from a DTO: only the fields given; null clears. */
function roomHours(dto: { availableFrom?: string | null; availableUntil?: string | null }): Partial<Room> {
  const hours: Partial<Room> = {};
  if (dto.availableFrom !== undefined) hours.availableFrom = dto.availableFrom ? new Date(dto.availableFrom) : null;
  if (dto.availableUntil !== undefined) hours.availableUntil = dto.availableUntil ? new Date(dto.availableUntil) : null;
  if (hours.availableFrom && hours.availableUntil && hours.availableUntil <= hours.availableFrom) {
    throw new EventsError('invalid_dates', {}, [
      { field: 'availableUntil', reason: 'availableUntil must be after availableFrom' },
    ]);
  }
  return hours;
}

function checkDates(startsAt: Date, endsAt: Date): void {
  if (!(endsAt > startsAt)) {
    throw new EventsError('invalid_dates', {}, [{ field: 'endsAt', reason: 'endsAt must be after startsAt' }]);
  }
  if (endsAt.getTime() - startsAt.getTime() > MAX_EVENT_DAYS * 24 * 3600_000) {
    throw new EventsError('invalid_dates', {}, [
      { field: 'endsAt', reason: `an event lasts at most ${MAX_EVENT_DAYS} days` },
    ]);
  }
}

function checkTimeZone(timezone: string): void {
  if (!isValidTimeZone(timezone)) {
    throw new EventsError('invalid_timezone', {}, [
      { field: 'timezone', reason: 'timezone must be an IANA time zone such as Asia/Shanghai' },
    ]);
  }
}
