import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { AttendeePrincipal } from '../accounts/access-rules.js';
import { AccessService } from '../accounts/access.service.js';
import { Database } from '../database/database.service.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { Organisation } from '../directory/organisation.entity.js';
import { Person } from '../directory/person.entity.js';
import { Event } from '../events/event.entity.js';
import { EventsError } from '../events/events.errors.js';
import { Room } from '../events/room.entity.js';
import { AgendaError } from './agenda.errors.js';
import { findConflicts, type Conflict, type PlannedSession } from './domain/conflicts.js';
import {
  assignSequences,
  diffSchedules,
  type ScheduleChange,
  type ScheduleSnapshot,
  type SnapshotSession,
} from './domain/schedule.js';
import type { CreateSessionDto, SessionPersonDto, UpdateSessionDto } from './dto/session.dto.js';
import { ScheduleVersion } from './schedule-version.entity.js';
import { SessionPerson } from './session-person.entity.js';
import { SessionStar } from './session-star.entity.js';
import { Session } from './session.entity.js';

export interface SessionView extends Session {
  people: (SessionPerson & { person: Person & { organisation?: Organisation | null } })[];
}

export interface SaveResult {
  session: Session;
  /** Warnings about this session not yet accepted by an organiser. */
  warnings: Conflict[];
}

/**
 * Owns an event's programme: the draft sessions organisers edit (with people in roles, conflicts explained),
 * and its publications: each one a snapshot attendees see, plus what changed since the previous one.
 */
@Injectable()
export class AgendaService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  // ---- the draft

  async sessions(eventId: number, options: { includeCancelled?: boolean } = {}): Promise<SessionView[]> {
    return this.loadSessions(this.db.manager, eventId, options);
  }

  async conflicts(eventId: number): Promise<(Conflict & { accepted: boolean })[]> {
    const em = this.db.manager;
    const event = await this.event(em, eventId);
    const sessions = await this.loadSessions(em, eventId, {});
    const accepted = new Set(sessions.flatMap((s) => s.acceptedWarnings ?? []));
    return findConflicts(sessions.map(planned), await this.rooms(em, eventId), event).map((c) => ({
      ...c,
      accepted: accepted.has(c.key),
    }));
  }

  async create(eventId: number, dto: CreateSessionDto): Promise<SaveResult> {
    return this.db.transaction(async (em) => {
      const event = await this.event(em, eventId);
      await this.checkRoom(em, eventId, dto.roomId ?? null);
      const startsAt = new Date(dto.startsAt);
      const endsAt = new Date(dto.endsAt);
      checkTimes(startsAt, endsAt);
      const position = await em.countBy(Session, { eventId, roomId: dto.roomId ?? IsNull(), startsAt });
      const session = await em.save(
        em.create(Session, {
          eventId,
          kind: dto.kind,
          title: dto.title,
          titleEn: dto.titleEn ?? null,
          description: dto.description ?? null,
          descriptionEn: dto.descriptionEn ?? null,
          startsAt,
          endsAt,
          roomId: dto.roomId ?? null,
          capacity: dto.capacity ?? null,
          position,
        }),
      );
      if (dto.people) await this.setPeople(em, session.id, dto.people);
      return { session, warnings: await this.check(em, event, session.id) };
    });
  }

  async update(eventId: number, sessionId: number, dto: UpdateSessionDto): Promise<SaveResult> {
    return this.db.transaction(async (em) => {
      const event = await this.event(em, eventId);
      const session = await this.session(em, eventId, sessionId);
      if (dto.roomId !== undefined) await this.checkRoom(em, eventId, dto.roomId);
      const startsAt = dto.startsAt ? new Date(dto.startsAt) : session.startsAt;
      const endsAt = dto.endsAt ? new Date(dto.endsAt) : session.endsAt;
      checkTimes(startsAt, endsAt);
      for (const key of ['kind', 'title', 'titleEn', 'description', 'descriptionEn', 'roomId', 'capacity'] as const) {
        if (dto[key] !== undefined) Object.assign(session, { [key]: dto[key] });
      }
      Object.assign(session, { startsAt, endsAt });
      await em.save(session);
      if (dto.people) await this.setPeople(em, session.id, dto.people);
      return { session, warnings: await this.check(em, event, session.id) };
    });
  }

  /**
   * Puts the sessions of one block (one room, back to back) in a new order: the block keeps its start and each
   * session its length.
   */
  async reorder(eventId: number, sessionIds: number[]): Promise<Session[]> {
    return this.db.transaction(async (em) => {
      const event = await this.event(em, eventId);
      const sessions = await em.findBy(Session, { eventId, id: In(sessionIds), cancelledAt: IsNull() });
      if (sessions.length !== new Set(sessionIds).size) throw new AgendaError('session_not_found', { ids: sessionIds });
      if (new Set(sessions.map((s) => s.roomId)).size !== 1)
        throw new AgendaError('not_one_block', { reason: 'rooms differ' });
      let cursor = Math.min(...sessions.map((s) => s.startsAt.getTime()));
      const ordered = sessionIds.map((id) => sessions.find((s) => s.id === id)!);
      for (const [position, session] of ordered.entries()) {
        const length = session.endsAt.getTime() - session.startsAt.getTime();
        Object.assign(session, { startsAt: new Date(cursor), endsAt: new Date(cursor + length), position });
        cursor += length;
        await em.save(session);
      }
      for (const session of ordered) await this.check(em, event, session.id);
      return ordered;
    });
  }

  /** Accepts one of this session's current warnings (not an error, and not another session's warning). */
  async acceptWarning(eventId: number, sessionId: number, key: string): Promise<Session> {
    return this.db.transaction(async (em) => {
      const event = await this.event(em, eventId);
      const session = await this.session(em, eventId, sessionId);
      const sessions = await this.loadSessions(em, eventId, {});
      const conflicts = findConflicts(sessions.map(planned), await this.rooms(em, eventId), event);
      if (!conflicts.some((c) => c.key === key && c.severity === 'warning' && c.sessionIds.includes(sessionId)))
        throw new AgendaError('warning_not_of_session', { key, sessionId }, [
          { field: 'key', reason: 'is not a current warning of this session' },
        ]);
      session.acceptedWarnings = [...new Set([...(session.acceptedWarnings ?? []), key])];
      return em.save(session);
    });
  }

  /** Cancels a session: it leaves the programme at the next publication, and calendars receive a CANCEL. */
  async cancel(eventId: number, sessionId: number): Promise<Session> {
    return this.db.transaction(async (em) => {
      const session = await this.session(em, eventId, sessionId);
      session.cancelledAt = new Date();
      return em.save(session);
    });
  }

  async restore(eventId: number, sessionId: number): Promise<SaveResult> {
    return this.db.transaction(async (em) => {
      const event = await this.event(em, eventId);
      const session = await this.session(em, eventId, sessionId);
      session.cancelledAt = null;
      await em.save(session);
      return { session, warnings: await this.check(em, event, session.id) };
    });
  }

  /** Deletes a session that was never published (published ones are cancelled instead). */
  async remove(eventId: number, sessionId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const session = await this.session(em, eventId, sessionId);
      const versions = await em.find(ScheduleVersion, { where: { eventId }, select: { id: true, snapshot: true } });
      if (versions.some((v) => v.snapshot.sessions.some((s) => s.id === session.id)))
        throw new AgendaError('already_published');
      await em.delete(Session, { id: session.id });
    });
  }

  // ---- publishing

  /** Parsed publications by id: a version never changes once written (only its notifiedAt, not kept here). */
  private readonly published = new Map<number, ScheduleVersion>();

  /**
   * The latest publication. Feeds and pages ask for it on every request; the snapshot (hundreds of sessions of JSON)
   * is read and parsed once per version, after a cheap look-up of the latest version's id.
   */
  async latest(eventId: number): Promise<ScheduleVersion | null> {
    const head = await this.db.manager.findOne(ScheduleVersion, {
      where: { eventId },
      order: { version: 'DESC' },
      select: { id: true },
    });
    if (!head) return null;
    const cached = this.published.get(head.id);
    if (cached) return cached;
    const version = await this.db.manager.findOneByOrFail(ScheduleVersion, { id: head.id });
    if (this.published.size > 200) this.published.clear();
    this.published.set(version.id, version);
    return version;
  }

  versions(eventId: number): Promise<ScheduleVersion[]> {
    return this.db.manager.find(ScheduleVersion, { where: { eventId }, order: { version: 'DESC' } });
  }

  async version(eventId: number, version: number): Promise<ScheduleVersion> {
    const found = await this.db.manager.findOneBy(ScheduleVersion, { eventId, version });
    if (!found) throw new AgendaError('version_not_found', { version });
    return found;
  }

  /** What the next publication would change. */
  async pendingChanges(eventId: number): Promise<ScheduleChange[]> {
    const [latest, draft] = await Promise.all([this.latest(eventId), this.draftSnapshot(this.db.manager, eventId)]);
    return diffSchedules(latest?.snapshot ?? null, assignSequences(latest?.snapshot ?? null, draft));
  }

  async publish(eventId: number, userId: number | null): Promise<ScheduleVersion> {
    return this.db.transaction((em) => this.publishIn(em, eventId, userId));
  }

  async publishIn(em: EntityManager, eventId: number, userId: number | null): Promise<ScheduleVersion> {
    await this.event(em, eventId);
    const previous = await em.findOne(ScheduleVersion, { where: { eventId }, order: { version: 'DESC' } });
    const snapshot = assignSequences(previous?.snapshot ?? null, await this.draftSnapshot(em, eventId));
    const changes = diffSchedules(previous?.snapshot ?? null, snapshot);
    if (previous && changes.length === 0) throw new AgendaError('nothing_to_publish');
    return em.save(
      em.create(ScheduleVersion, {
        eventId,
        version: (previous?.version ?? 0) + 1,
        snapshot,
        changes,
        publishedById: userId,
        notifiedAt: null,
      }),
    );
  }

  // ---- stars

  /** An attendee follows a session of their event's published programme. */
  async star(attendee: AttendeePrincipal, sessionId: number): Promise<void> {
    await this.access.requireAccess(attendee, 'session.star', sessionId);
    const { registrationId } = attendee;
    const latest = await this.latest(attendee.eventId);
    if (!latest?.snapshot.sessions.some((s) => s.id === sessionId))
      throw new AgendaError('not_in_programme', { sessionId });
    await this.db.transaction(async (em) => {
      await em
        .createQueryBuilder()
        .insert()
        .into(SessionStar)
        .values({ registrationId, sessionId })
        .orIgnore()
        .execute();
    });
  }

  async unstar(registrationId: number, sessionId: number): Promise<void> {
    await this.db.transaction((em) => em.delete(SessionStar, { registrationId, sessionId }));
  }

  async starredIds(registrationId: number): Promise<number[]> {
    const stars = await this.db.manager.find(SessionStar, { where: { registrationId }, order: { id: 'ASC' } });
    return stars.map((s) => s.sessionId);
  }

  // ---- helpers

  async draftSnapshot(em: EntityManager, eventId: number): Promise<ScheduleSnapshot> {
    const sessions = await this.loadSessions(em, eventId, {});
    const rooms = await em.find(Room, { where: { venue: { eventId } }, relations: { venue: true } });
    const roomById = new Map(rooms.map((r) => [r.id, r]));
    return {
      sessions: sessions.map((s): SnapshotSession => {
        const room = s.roomId ? roomById.get(s.roomId) : undefined;
        return {
          id: s.id,
          kind: s.kind,
          title: s.title,
          titleEn: s.titleEn,
          description: s.description,
          descriptionEn: s.descriptionEn,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
          roomId: s.roomId,
          room: room?.name ?? null,
          roomEn: room?.nameEn ?? null,
          venue: room?.venue?.name ?? null,
          venueEn: room?.venue?.nameEn ?? null,
          capacity: s.capacity ?? room?.capacity ?? null,
          position: s.position,
          sequence: 0,
          people: s.people.map((p) => ({
            personId: p.personId,
            role: p.role,
            name: p.person.name,
            nameEn: p.person.nameEn,
            organisation: p.person.organisation?.name ?? null,
            organisationEn: p.person.organisation?.nameEn ?? null,
            title: p.person.title,
            titleEn: p.person.titleEn,
          })),
        };
      }),
    };
  }

  private async loadSessions(
    em: EntityManager,
    eventId: number,
    options: { includeCancelled?: boolean },
  ): Promise<SessionView[]> {
    const sessions = await em.find(Session, {
      where: { eventId, ...(options.includeCancelled ? {} : { cancelledAt: IsNull() }) },
      order: { startsAt: 'ASC', roomId: 'ASC', position: 'ASC', id: 'ASC' },
    });
    const people = sessions.length
      ? await em.find(SessionPerson, {
          where: { sessionId: In(sessions.map((s) => s.id)) },
          relations: { person: { organisation: true } },
          order: { position: 'ASC', id: 'ASC' },
        })
      : [];
    return sessions.map((s) =>
      Object.assign(s, { people: people.filter((p) => p.sessionId === s.id) as SessionView['people'] }),
    );
  }

  /** Conflicts of one session after a change: a room used twice is refused (the transaction rolls back). */
  private async check(em: EntityManager, event: Event, sessionId: number): Promise<Conflict[]> {
    const sessions = await this.loadSessions(em, event.id, {});
    const conflicts = findConflicts(sessions.map(planned), await this.rooms(em, event.id), event, sessionId);
    const errors = conflicts.filter((c) => c.severity === 'error');
    if (errors.length) {
      const others = errors.flatMap((c) => c.sessionIds).filter((id) => id !== sessionId);
      const titles = sessions.filter((s) => others.includes(s.id)).map((s) => s.title);
      throw new AgendaError('room_conflict', { conflicts: errors, with: titles }, [
        { field: 'roomId', reason: `the room is already used at this time by: ${titles.join(', ')}` },
      ]);
    }
    const accepted = new Set(sessions.flatMap((s) => s.acceptedWarnings ?? []));
    return conflicts.filter((c) => !accepted.has(c.key));
  }

  private async rooms(em: EntityManager, eventId: number) {
    const rooms = await em.find(Room, { where: { venue: { eventId } } });
    return rooms.map((r) => ({
      id: r.id,
      name: r.name,
      capacity: r.capacity,
      availableFrom: r.availableFrom,
      availableUntil: r.availableUntil,
    }));
  }

  private async setPeople(em: EntityManager, sessionId: number, inputs: SessionPersonDto[]): Promise<void> {
    await em.delete(SessionPerson, { sessionId });
    const seen = new Set<string>();
    for (const [position, input] of inputs.entries()) {
      const person = await this.personFor(em, input);
      const key = `${person.id}:${input.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await em.insert(SessionPerson, { sessionId, personId: person.id, role: input.role, position });
    }
  }

  /**
   * A session's person: the one named by id, or the directory's person of that email (or, without one, of that
   * name in that organisation). The directory completes a known person and never renames them, so a name typed
   * on one session cannot rename the person on every other session.
   */
  private async personFor(em: EntityManager, input: SessionPersonDto): Promise<Person> {
    if (input.personId !== undefined) {
      const person = await em.findOneBy(Person, { id: input.personId });
      if (!person)
        throw new AgendaError('person_not_found', { id: input.personId }, [
          { field: 'people.personId', reason: 'no such person' },
        ]);
      return person;
    }
    // A speaker's employer named in passing keeps the kind it has; a new one is `other` until someone says more.
    const organisation = input.organisation
      ? (await this.directory.resolveOrganisationIn(em, { name: input.organisation })).organisation
      : null;
    const { person } = await this.directory.resolvePersonIn(em, {
      name: input.name!,
      nameEn: input.nameEn,
      email: input.email,
      title: input.title,
      titleEn: input.titleEn,
      organisationId: organisation?.id ?? null,
    });
    return person;
  }

  private async event(em: EntityManager, eventId: number): Promise<Event> {
    const event = await em.findOneBy(Event, { id: eventId });
    if (!event) throw new EventsError('event_not_found', { id: eventId });
    return event;
  }

  private async session(em: EntityManager, eventId: number, sessionId: number): Promise<Session> {
    const session = await em.findOneBy(Session, { id: sessionId, eventId });
    if (!session) throw new AgendaError('session_not_found', { id: sessionId });
    return session;
  }

  private async checkRoom(em: EntityManager, eventId: number, roomId: number | null): Promise<void> {
    if (roomId === null) return;
    const room = await em.findOne(Room, { where: { id: roomId }, relations: { venue: true } });
    if (!room || room.venue?.eventId !== eventId) {
      throw new AgendaError('room_not_found', { id: roomId }, [
        { field: 'roomId', reason: 'not a room of this event' },
      ]);
    }
  }
}

function planned(s: SessionView): PlannedSession {
  return {
    id: s.id,
    title: s.title,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    roomId: s.roomId,
    capacity: s.capacity,
    personIds: s.people.map((p) => p.personId),
  };
}

function checkTimes(startsAt: Date, endsAt: Date): void {
  if (!(endsAt > startsAt)) {
    throw new AgendaError('invalid_times', {}, [{ field: 'endsAt', reason: 'endsAt must be after startsAt' }]);
  }
  if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000) {
    throw new AgendaError('invalid_times', {}, [{ field: 'endsAt', reason: 'a session lasts at most 24 hours' }]);
  }
}
