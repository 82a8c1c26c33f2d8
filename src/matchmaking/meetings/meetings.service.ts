import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Session } from '../../agenda/session.entity.js';
import { Database } from '../../database/database.service.js';
import { Event } from '../../events/event.entity.js';
import { EventsError } from '../../events/events.errors.js';
import { ManageLinks } from '../../registration/manage-links.service.js';
import { Registration } from '../../registration/registration.entity.js';
import { RegistrationError } from '../../registration/registration.errors.js';
import {
  meetingSlots,
  meetingTables,
  zoneProblems,
  type MeetingSlot,
  type MeetingTable,
} from './domain/meeting-slots.js';
import type {
  CreateMeetingRequestDto,
  CreateMeetingSessionDto,
  ParticipationDto,
  UpdateMeetingSessionDto,
} from './dto/meetings.dto.js';
import { MeetingMail } from './meeting-mail.service.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { MeetingRequest } from './meeting-request.entity.js';
import { MeetingSession } from './meeting-session.entity.js';
import { MeetingsError } from './meetings.errors.js';

/** A meeting session with what it is made of: its agenda session and event, slots and tables. */
export interface SessionContext {
  ms: MeetingSession;
  agenda: Session;
  event: Event;
  slots: MeetingSlot[];
  tables: MeetingTable[];
}

/** What other participants see of a person: no email, no phone. */
export interface ParticipantCard {
  id: number;
  name: string;
  organisation: string;
  title: string | null;
  offer: string;
  seek: string;
  categories: string[];
}

/** Who acts: the person through their personal link, or an organiser on their behalf (no window, no cap). */
export type Actor = { kind: 'participant'; registrationId: number } | { kind: 'organiser' };

/**
 * Owns the one-to-one meeting sessions of the free-negotiation session (自由洽谈): their set-up by organisers, who
 * opts in with what they offer and seek and when they are free, and the requests between participants (caps,
 * request window, answers). Placing accepted requests into slots and tables is MeetingScheduleService's.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(MeetingMail) private readonly mail: MeetingMail,
    @Inject(ManageLinks) private readonly links: ManageLinks,
  ) {}

  // ---- set-up (organisers)

  async create(eventId: number, dto: CreateMeetingSessionDto): Promise<MeetingSession> {
    return this.db.transaction(async (em) => {
      await this.event(em, eventId);
      const agenda = await em.findOneBy(Session, { id: dto.agendaSessionId, eventId });
      if (!agenda)
        throw new MeetingsError('not_free_negotiation', {}, [
          { field: 'agendaSessionId', reason: 'no such session in this event' },
        ]);
      if (agenda.kind !== 'free_negotiation')
        throw new MeetingsError('not_free_negotiation', {}, [
          { field: 'agendaSessionId', reason: 'the session is not a free negotiation session' },
        ]);
      if (await em.existsBy(MeetingSession, { agendaSessionId: agenda.id }))
        throw new MeetingsError('meeting_session_exists', {}, [
          { field: 'agendaSessionId', reason: 'this session already has meetings set up' },
        ]);
      const ms = em.create(MeetingSession, {
        eventId,
        agendaSessionId: agenda.id,
        slotMinutes: dto.slotMinutes,
        breakMinutes: dto.breakMinutes ?? 0,
        tableCount: dto.tableCount,
        tableZones: dto.tableZones?.length ? dto.tableZones : null,
        requestCap: dto.requestCap ?? 10,
        requestsOpenAt: dto.requestsOpenAt ? new Date(dto.requestsOpenAt) : null,
        requestsCloseAt: dto.requestsCloseAt ? new Date(dto.requestsCloseAt) : null,
        phase: 'draft',
      });
      checkSetUp(ms, agenda);
      return em.save(ms);
    });
  }

  async update(eventId: number, id: number, dto: UpdateMeetingSessionDto): Promise<MeetingSession> {
    return this.db.transaction(async (em) => {
      const ms = await this.meetingSession(em, eventId, id);
      const agenda = await em.findOneByOrFail(Session, { id: ms.agendaSessionId });
      if (dto.slotMinutes !== undefined) ms.slotMinutes = dto.slotMinutes;
      if (dto.breakMinutes !== undefined) ms.breakMinutes = dto.breakMinutes;
      if (dto.tableCount !== undefined) ms.tableCount = dto.tableCount;
      if (dto.tableZones !== undefined) ms.tableZones = dto.tableZones.length ? dto.tableZones : null;
      if (dto.requestCap !== undefined) ms.requestCap = dto.requestCap;
      if (dto.requestsOpenAt !== undefined) ms.requestsOpenAt = new Date(dto.requestsOpenAt);
      if (dto.requestsCloseAt !== undefined) ms.requestsCloseAt = new Date(dto.requestsCloseAt);
      checkSetUp(ms, agenda);
      return em.save(ms);
    });
  }

  list(eventId: number): Promise<MeetingSession[]> {
    return this.db.manager.find(MeetingSession, { where: { eventId }, order: { id: 'ASC' } });
  }

  async get(eventId: number, id: number): Promise<SessionContext> {
    return this.contextOf(this.db.manager, await this.meetingSession(this.db.manager, eventId, id));
  }

  describe(ms: MeetingSession): Promise<SessionContext> {
    return this.contextOf(this.db.manager, ms);
  }

  async contextOf(em: EntityManager, ms: MeetingSession): Promise<SessionContext> {
    const [agenda, event] = await Promise.all([
      em.findOneByOrFail(Session, { id: ms.agendaSessionId }),
      em.findOneByOrFail(Event, { id: ms.eventId }),
    ]);
    return {
      ms,
      agenda,
      event,
      slots: meetingSlots(agenda.startsAt, agenda.endsAt, ms),
      tables: meetingTables(ms.tableCount, ms.tableZones),
    };
  }

  /** The window for requests: explicit times, else from now until the session starts. */
  requestWindow(context: SessionContext): { opensAt: Date | null; closesAt: Date } {
    return { opensAt: context.ms.requestsOpenAt, closesAt: context.ms.requestsCloseAt ?? context.agenda.startsAt };
  }

  // ---- the personal link

  /** The registration a personal link names; a bad link or a draft event is a 404. */
  async registrationByToken(token: string): Promise<Registration> {
    const parsed = this.links.parse(token);
    const registration = parsed ? await this.db.manager.findOneBy(Registration, { id: parsed.id }) : null;
    if (!registration || !parsed || !(await this.links.verify(registration, parsed.signature)))
      throw new RegistrationError('link_invalid');
    const event = await this.db.manager.findOneByOrFail(Event, { id: registration.eventId });
    if (event.status === 'draft') throw new RegistrationError('link_invalid');
    return registration;
  }

  /** The meeting sessions of a registration's event, with the person's participation in each (or null). */
  async sessionsFor(
    registration: Registration,
  ): Promise<{ context: SessionContext; participant: MeetingParticipant | null }[]> {
    const em = this.db.manager;
    const sessions = await em.find(MeetingSession, { where: { eventId: registration.eventId }, order: { id: 'ASC' } });
    return Promise.all(
      sessions.map(async (ms) => ({
        context: await this.contextOf(em, ms),
        participant: await em.findOneBy(MeetingParticipant, {
          meetingSessionId: ms.id,
          registrationId: registration.id,
        }),
      })),
    );
  }

  // ---- participants

  /** Opts a confirmed registration in (or updates what it offers, seeks and when it is free). */
  async participate(
    eventId: number,
    meetingSessionId: number,
    registrationId: number,
    dto: ParticipationDto,
  ): Promise<MeetingParticipant> {
    return this.db.transaction(async (em) => {
      const ms = await this.meetingSession(em, eventId, meetingSessionId);
      const context = await this.contextOf(em, ms);
      const registration = await em.findOneBy(Registration, { id: registrationId, eventId });
      if (!registration)
        throw new RegistrationError('registration_not_found', {}, [
          { field: 'registrationId', reason: 'no such registration for this event' },
        ]);
      if (registration.status !== 'confirmed')
        throw new MeetingsError('registration_not_confirmed', {}, [
          { field: 'registrationId', reason: 'only confirmed registrations take part in meetings' },
        ]);
      const numbers = context.slots.map((s) => s.number);
      const unknown = (dto.availableSlots ?? []).filter((n) => !numbers.includes(n));
      if (unknown.length)
        throw new MeetingsError('invalid_slots', {}, [
          { field: 'availableSlots', reason: `there is no slot ${unknown[0]} (slots are 1 to ${numbers.length})` },
        ]);
      const available = dto.availableSlots ? new Set(dto.availableSlots) : undefined;
      const existing = await em.findOneBy(MeetingParticipant, { meetingSessionId: ms.id, registrationId });
      const participant =
        existing ?? em.create(MeetingParticipant, { meetingSessionId: ms.id, registrationId, unavailableSlots: null });
      participant.offer = dto.offer.trim();
      participant.seek = dto.seek.trim();
      participant.categories = dto.categories?.map((c) => c.trim()).filter(Boolean) ?? participant.categories ?? null;
      if (available) {
        const unavailable = numbers.filter((n) => !available.has(n));
        participant.unavailableSlots = unavailable.length ? unavailable : null;
      }
      participant.active = true;
      return em.save(participant);
    });
  }

  async optOut(eventId: number, meetingSessionId: number, registrationId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const ms = await this.meetingSession(em, eventId, meetingSessionId);
      const participant = await this.participantOf(em, ms.id, registrationId);
      participant.active = false;
      await em.save(participant);
    });
  }

  async participant(meetingSessionId: number, registrationId: number): Promise<MeetingParticipant | null> {
    return this.db.manager.findOneBy(MeetingParticipant, { meetingSessionId, registrationId });
  }

  /** The registration's active participation in one session of its event (404 / 409 otherwise). */
  async activeParticipant(registration: Registration, meetingSessionId: number): Promise<MeetingParticipant> {
    await this.meetingSession(this.db.manager, registration.eventId, meetingSessionId);
    const me = await this.participant(meetingSessionId, registration.id);
    if (!me?.active) throw new MeetingsError('not_a_participant', { id: meetingSessionId });
    return me;
  }

  /** The opted-in participants as others see them (everyone but `except`). */
  async cards(meetingSessionId: number, options: { except?: number } = {}): Promise<ParticipantCard[]> {
    const participants = await this.db.manager.find(MeetingParticipant, {
      where: { meetingSessionId, active: true },
      relations: { registration: true },
      order: { id: 'ASC' },
    });
    return participants
      .filter((p) => p.id !== options.except && p.registration?.status === 'confirmed')
      .map((p) => cardOf(p, p.registration!));
  }

  /** Every participant with their registration (organisers). */
  allParticipants(meetingSessionId: number): Promise<MeetingParticipant[]> {
    return this.db.manager.find(MeetingParticipant, {
      where: { meetingSessionId },
      relations: { registration: true },
      order: { id: 'ASC' },
    });
  }

  // ---- requests

  /** Sends a request from one participant to another: within the window and the cap, unless an organiser acts. */
  async request(
    eventId: number,
    meetingSessionId: number,
    fromRegistrationId: number,
    dto: CreateMeetingRequestDto,
    actor: Actor,
    now = new Date(),
  ): Promise<MeetingRequest> {
    return this.db.transaction(async (em) => {
      const ms = await this.meetingSession(em, eventId, meetingSessionId);
      const context = await this.contextOf(em, ms);
      // Locked first: two requests sent at once by the same person count against the cap one after the other.
      const from = await em.findOne(MeetingParticipant, {
        where: { meetingSessionId: ms.id, registrationId: fromRegistrationId, active: true },
        ...(this.db.isSqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }),
      });
      if (!from) throw new MeetingsError('not_a_participant', {}, [{ field: 'from', reason: 'opt in first' }]);
      const to = await em.findOneBy(MeetingParticipant, { id: dto.to, meetingSessionId: ms.id, active: true });
      const toRegistration = to ? await em.findOneBy(Registration, { id: to.registrationId }) : null;
      if (!to || toRegistration?.status !== 'confirmed')
        throw new MeetingsError('participant_not_found', {}, [
          { field: 'to', reason: 'no such participant in this meeting session' },
        ]);
      if (to.id === from.id)
        throw new MeetingsError('request_to_self', {}, [{ field: 'to', reason: 'you cannot request yourself' }]);
      if (actor.kind === 'participant') {
        const window = this.requestWindow(context);
        if (window.opensAt && now < window.opensAt)
          throw new MeetingsError('requests_not_open', { opensAt: window.opensAt }, [
            { field: 'requestsOpenAt', reason: `requests open at ${window.opensAt.toISOString()}` },
          ]);
        if (now > window.closesAt)
          throw new MeetingsError('requests_closed', { closesAt: window.closesAt }, [
            { field: 'requestsCloseAt', reason: `requests closed at ${window.closesAt.toISOString()}` },
          ]);
        const sent = await em.countBy(MeetingRequest, {
          fromParticipantId: from.id,
          status: In(['pending', 'accepted']),
        });
        if (sent >= ms.requestCap)
          throw new MeetingsError('request_cap_reached', { cap: ms.requestCap }, [
            { field: 'to', reason: `you have sent ${sent} of ${ms.requestCap} requests` },
          ]);
      }
      if (await em.existsBy(MeetingRequest, { fromParticipantId: from.id, toParticipantId: to.id }))
        throw new MeetingsError('already_requested', {}, [
          { field: 'to', reason: 'you have already sent this person a request' },
        ]);
      const request = await em.save(
        em.create(MeetingRequest, {
          meetingSessionId: ms.id,
          fromParticipantId: from.id,
          toParticipantId: to.id,
          message: dto.message.trim(),
          achievementId: dto.achievementId ?? null,
          demandId: dto.demandId ?? null,
          status: 'pending',
          prioritised: false,
          answeredBy: null,
          answeredAt: null,
          sentBy: actor.kind,
        }),
      );
      const fromRegistration = await em.findOneByOrFail(Registration, { id: from.registrationId });
      await this.mail.requested(em, context, request, { from: fromRegistration, to: toRegistration });
      return request;
    });
  }

  /** The requested person (or an organiser for them) accepts or declines; both sides are emailed. */
  async answer(
    eventId: number,
    requestId: number,
    answer: 'accept' | 'decline',
    actor: Actor,
  ): Promise<MeetingRequest> {
    return this.db.transaction(async (em) => {
      const request = await em.findOneBy(MeetingRequest, { id: requestId });
      const ms = request ? await em.findOneBy(MeetingSession, { id: request.meetingSessionId, eventId }) : null;
      if (!request || !ms) throw new MeetingsError('request_not_found', { id: requestId });
      const [from, to] = await Promise.all([
        em.findOneByOrFail(MeetingParticipant, { id: request.fromParticipantId }),
        em.findOneByOrFail(MeetingParticipant, { id: request.toParticipantId }),
      ]);
      // Only the person asked may answer through their link; anyone else sees no such request.
      if (actor.kind === 'participant' && actor.registrationId !== to.registrationId)
        throw new MeetingsError('request_not_found', { id: requestId });
      if (request.status !== 'pending')
        throw new MeetingsError('request_not_pending', { status: request.status }, [
          { field: 'answer', reason: `the request is already ${request.status}` },
        ]);
      // Claimed with a conditional update: a double click answers once.
      const claimed = await em.update(
        MeetingRequest,
        { id: request.id, status: 'pending' },
        {
          status: answer === 'accept' ? 'accepted' : 'declined',
          answeredBy: actor.kind,
          answeredAt: new Date(),
        },
      );
      if (!claimed.affected)
        throw new MeetingsError('request_not_pending', {}, [{ field: 'answer', reason: 'the request was answered' }]);
      const answered = await em.findOneByOrFail(MeetingRequest, { id: request.id });
      const context = await this.contextOf(em, ms);
      const [fromRegistration, toRegistration] = await Promise.all([
        em.findOneByOrFail(Registration, { id: from.registrationId }),
        em.findOneByOrFail(Registration, { id: to.registrationId }),
      ]);
      await this.mail.answered(em, context, answered, { from: fromRegistration, to: toRegistration });
      return answered;
    });
  }

  async prioritise(eventId: number, requestId: number, prioritised: boolean): Promise<MeetingRequest> {
    return this.db.transaction(async (em) => {
      const request = await em.findOneBy(MeetingRequest, { id: requestId });
      if (!request || !(await em.existsBy(MeetingSession, { id: request.meetingSessionId, eventId })))
        throw new MeetingsError('request_not_found', { id: requestId });
      request.prioritised = prioritised;
      return em.save(request);
    });
  }

  /** Requests of a session (organisers), newest first. */
  requests(meetingSessionId: number): Promise<MeetingRequest[]> {
    return this.db.manager.find(MeetingRequest, { where: { meetingSessionId }, order: { id: 'DESC' } });
  }

  /** A participant's sent and received requests. */
  async requestsOf(participantId: number): Promise<{ sent: MeetingRequest[]; received: MeetingRequest[] }> {
    const [sent, received] = await Promise.all([
      this.db.manager.find(MeetingRequest, { where: { fromParticipantId: participantId }, order: { id: 'DESC' } }),
      this.db.manager.find(MeetingRequest, { where: { toParticipantId: participantId }, order: { id: 'DESC' } }),
    ]);
    return { sent, received };
  }

  // ---- helpers

  async meetingSession(em: EntityManager, eventId: number, id: number): Promise<MeetingSession> {
    const ms = await em.findOneBy(MeetingSession, { id, eventId });
    if (!ms) throw new MeetingsError('meeting_session_not_found', { id });
    return ms;
  }

  private async participantOf(em: EntityManager, meetingSessionId: number, registrationId: number) {
    const participant = await em.findOneBy(MeetingParticipant, { meetingSessionId, registrationId });
    if (!participant)
      throw new MeetingsError('not_a_participant', {}, [{ field: 'registrationId', reason: 'not opted in' }]);
    return participant;
  }

  private async event(em: EntityManager, eventId: number): Promise<Event> {
    const event = await em.findOneBy(Event, { id: eventId });
    if (!event) throw new EventsError('event_not_found', { id: eventId });
    return event;
  }
}

export function cardOf(participant: MeetingParticipant, registration: Registration): ParticipantCard {
  return {
    id: participant.id,
    name: registration.name,
    organisation: registration.organisationName,
    title: registration.title,
    offer: participant.offer,
    seek: participant.seek,
    categories: participant.categories ?? [],
  };
}

/** Set-up rules the DTO cannot see: the slots must fit in the session, zones must fit the tables, the window in order. */
function checkSetUp(ms: MeetingSession, agenda: Session): void {
  const problems = [];
  if (meetingSlots(agenda.startsAt, agenda.endsAt, ms).length === 0)
    problems.push({ field: 'slotMinutes', reason: 'the session is shorter than one slot' });
  problems.push(...zoneProblems(ms.tableCount, ms.tableZones ?? []));
  if (ms.requestsOpenAt && ms.requestsCloseAt && ms.requestsOpenAt >= ms.requestsCloseAt)
    problems.push({ field: 'requestsCloseAt', reason: 'must be after requestsOpenAt' });
  if (problems.length) throw new MeetingsError('invalid_setup', {}, problems);
}
