import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { MEETING_HELD, type MeetingHeldEvent } from '../../common/domain-events.js';
import { Database } from '../../database/database.service.js';
import { Registration } from '../../registration/registration.entity.js';
import { scheduleMeetings, type UnplacedReason } from '../domain/scheduler.js';
import { meetingChange } from './domain/meeting-slots.js';
import type { MeetingOutcomeDto, MoveMeetingDto } from './dto/meetings.dto.js';
import { MeetingMail, type ScheduledItem } from './meeting-mail.service.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { MeetingRequest } from './meeting-request.entity.js';
import { MeetingSession } from './meeting-session.entity.js';
import { Meeting } from './meeting.entity.js';
import { MeetingsError } from './meetings.errors.js';
import { MeetingsService, type Actor, type SessionContext } from './meetings.service.js';

interface Person {
  participantId: number;
  registration: Registration;
}

/** A meeting with its two people and its place in the session, for the console, the plan and the pages. */
export interface MeetingView {
  id: number;
  requestId: number;
  slot: number | null;
  table: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  zone: string | null;
  zoneEn: string | null;
  locked: boolean;
  dropped: boolean;
  prioritised: boolean;
  sequence: number;
  published: { slot: number; table: number; startsAt: Date; endsAt: Date } | null;
  outcome: Meeting['outcome'];
  outcomeNote: string | null;
  intent: boolean;
  people: { participantId: number; registrationId: number; name: string; organisation: string }[];
}

export interface ScheduleView {
  context: SessionContext;
  meetings: MeetingView[];
  /** Accepted requests without a place, with the scheduler's reason (or `dropped` when an organiser took it out). */
  unplaced: {
    requestId: number;
    meetingId: number | null;
    reason: UnplacedReason | 'dropped' | 'not_run';
    people: MeetingView['people'];
  }[];
}

/**
 * Places accepted requests into slots and tables with the pure scheduler, keeps what organisers lock or move by
 * hand, publishes the schedule (preliminary, then final) with one email per person and calendar invites that follow
 * (same UID, higher SEQUENCE, CANCEL when dropped), and records whether a meeting was held and its outcome.
 */
@Injectable()
export class MeetingScheduleService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(MeetingsService) private readonly meetings: MeetingsService,
    @Inject(MeetingMail) private readonly mail: MeetingMail,
    @Inject(EventEmitter2) private readonly events: EventEmitter2,
  ) {}

  // ---- running the scheduler

  /** Runs the scheduler on the accepted requests; locked meetings stay, the rest is placed again. */
  async run(eventId: number, meetingSessionId: number): Promise<ScheduleView> {
    await this.db.transaction((em) => this.runIn(em, eventId, meetingSessionId));
    return this.view(eventId, meetingSessionId);
  }

  /** The scheduler run inside the caller's transaction (the demo loader's). */
  async runIn(em: EntityManager, eventId: number, meetingSessionId: number): Promise<void> {
    const ms = await this.meetings.meetingSession(em, eventId, meetingSessionId);
    const context = await this.meetings.contextOf(em, ms);
    const { requests, people } = await this.eligible(em, ms.id);
    const existing = await em.findBy(Meeting, { meetingSessionId: ms.id });
    const byRequest = new Map(existing.map((m) => [m.requestId, m]));
    const slotIds = context.slots.map((s) => String(s.number));
    const candidates = requests.filter((r) => !byRequest.get(r.id)?.dropped);
    const pairs = new Set(requests.map((r) => `${r.fromParticipantId}:${r.toParticipantId}`));
    const result = scheduleMeetings({
      slots: slotIds,
      tables: context.tables.map((t) => ({ id: String(t.number), zone: t.zone ?? undefined })),
      people: [...people.values()].map((p) => ({
        id: String(p.id),
        slots: slotIds.filter((s) => !(p.unavailableSlots ?? []).includes(Number(s))),
      })),
      requests: candidates.map((r) => ({
        id: String(r.id),
        a: String(r.fromParticipantId),
        b: String(r.toParticipantId),
        mutual: pairs.has(`${r.toParticipantId}:${r.fromParticipantId}`),
        prioritised: r.prioritised,
      })),
      locked: existing
        .filter((m) => m.locked && m.slot !== null && m.tableNumber !== null && !m.dropped)
        .filter((m) => candidates.some((r) => r.id === m.requestId))
        .map((m) => ({ requestId: String(m.requestId), slotId: String(m.slot), tableId: String(m.tableNumber) })),
    });
    // Places are unique per (slot, table): clear the unlocked ones first, then write the new places.
    await em.update(Meeting, { meetingSessionId: ms.id, locked: false }, { slot: null, tableNumber: null });
    for (const placed of result.meetings) {
      const requestId = Number(placed.requestId);
      const meeting = byRequest.get(requestId) ?? em.create(Meeting, { meetingSessionId: ms.id, requestId });
      Object.assign(meeting, { slot: Number(placed.slotId), tableNumber: Number(placed.tableId) });
      await em.save(meeting);
    }
    // A locked meeting whose request left (declined after all, a person opted out) loses its place.
    const placedIds = new Set(result.meetings.map((m) => Number(m.requestId)));
    for (const meeting of existing)
      if (meeting.locked && !placedIds.has(meeting.requestId))
        await em.update(Meeting, { id: meeting.id }, { slot: null, tableNumber: null, locked: false });
    ms.lastRun = {
      at: new Date().toISOString(),
      placed: result.meetings.length,
      unplaced: result.unplaced.map((u) => ({ requestId: Number(u.requestId), reason: u.reason })),
    };
    await em.save(ms);
  }

  // ---- by hand

  /** Moves a meeting to a free table in a slot where both people are free; it is locked there. */
  async move(eventId: number, meetingSessionId: number, meetingId: number, dto: MoveMeetingDto): Promise<MeetingView> {
    await this.db.transaction(async (em) => {
      const ms = await this.meetings.meetingSession(em, eventId, meetingSessionId);
      const context = await this.meetings.contextOf(em, ms);
      const meeting = await this.meeting(em, ms.id, meetingId);
      if (!context.slots.some((s) => s.number === dto.slot))
        throw new MeetingsError('invalid_slots', {}, [
          { field: 'slot', reason: `there is no slot ${dto.slot} (slots are 1 to ${context.slots.length})` },
        ]);
      if (dto.table > ms.tableCount)
        throw new MeetingsError('invalid_setup', {}, [
          { field: 'table', reason: `there is no table ${dto.table} (tables are 1 to ${ms.tableCount})` },
        ]);
      const request = await em.findOneByOrFail(MeetingRequest, { id: meeting.requestId });
      const people = await this.peopleOf(em, [request]);
      const others = await em.find(Meeting, {
        where: { meetingSessionId: ms.id, slot: dto.slot, id: Not(meeting.id) },
      });
      const atTable = others.find((m) => m.tableNumber === dto.table);
      if (atTable) {
        const names = (await this.namesOf(em, atTable.requestId)).join(' / ');
        throw new MeetingsError('table_taken', { table: dto.table, slot: dto.slot }, [
          { field: 'table', reason: `table ${dto.table} is taken in slot ${dto.slot} (${names})` },
        ]);
      }
      const otherRequests = others.length
        ? await em.findBy(MeetingRequest, { id: In(others.map((m) => m.requestId)) })
        : [];
      for (const participantId of [request.fromParticipantId, request.toParticipantId]) {
        const person = people.get(participantId)!;
        const busy = otherRequests.find(
          (r) => r.fromParticipantId === participantId || r.toParticipantId === participantId,
        );
        if (busy)
          throw new MeetingsError('person_busy', { name: person.registration.name, slot: dto.slot }, [
            { field: 'slot', reason: `${person.registration.name} already has a meeting in slot ${dto.slot}` },
          ]);
        const participant = await em.findOneByOrFail(MeetingParticipant, { id: participantId });
        if ((participant.unavailableSlots ?? []).includes(dto.slot))
          throw new MeetingsError('person_unavailable', { name: person.registration.name, slot: dto.slot }, [
            { field: 'slot', reason: `${person.registration.name} is not available in slot ${dto.slot}` },
          ]);
      }
      Object.assign(meeting, { slot: dto.slot, tableNumber: dto.table, locked: true, dropped: false });
      await em.save(meeting);
    });
    return this.meetingView(eventId, meetingSessionId, meetingId);
  }

  async lock(eventId: number, meetingSessionId: number, meetingId: number, locked: boolean): Promise<MeetingView> {
    await this.db.transaction(async (em) => {
      await this.meetings.meetingSession(em, eventId, meetingSessionId);
      const meeting = await this.meeting(em, meetingSessionId, meetingId);
      if (locked && meeting.slot === null)
        throw new MeetingsError('invalid_slots', {}, [
          { field: 'locked', reason: 'place the meeting before locking it' },
        ]);
      meeting.locked = locked;
      await em.save(meeting);
    });
    return this.meetingView(eventId, meetingSessionId, meetingId);
  }

  /** Takes a meeting out of the schedule: later runs leave it out; the next publication cancels its invites. */
  async drop(eventId: number, meetingSessionId: number, meetingId: number): Promise<MeetingView> {
    await this.db.transaction(async (em) => {
      await this.meetings.meetingSession(em, eventId, meetingSessionId);
      const meeting = await this.meeting(em, meetingSessionId, meetingId);
      Object.assign(meeting, { slot: null, tableNumber: null, locked: false, dropped: true });
      await em.save(meeting);
    });
    return this.meetingView(eventId, meetingSessionId, meetingId);
  }

  // ---- publishing

  /**
   * Publishes the schedule as it stands: every person with a changed meeting is emailed their meetings with an
   * invite per change; at the first final publication everyone with a meeting is told it is final.
   */
  async publish(
    eventId: number,
    meetingSessionId: number,
    phase: 'preliminary' | 'final',
  ): Promise<{ phase: string; notified: number; changes: Record<string, number> }> {
    return this.db.transaction(async (em) => {
      const ms = await this.meetings.meetingSession(em, eventId, meetingSessionId);
      if (phase === 'preliminary' && ms.phase === 'final')
        throw new MeetingsError('schedule_already_final', {}, [
          { field: 'phase', reason: 'the final schedule is published already; publish changes as final' },
        ]);
      const becomesFinal = phase === 'final' && ms.phase !== 'final';
      const context = await this.meetings.contextOf(em, ms);
      const { requests, people } = await this.eligible(em, ms.id);
      const eligible = new Set(requests.map((r) => r.id));
      const meetings = await em.findBy(Meeting, { meetingSessionId: ms.id });
      const allRequests = meetings.length
        ? await em.findBy(MeetingRequest, { id: In(meetings.map((m) => m.requestId)) })
        : [];
      const persons = await this.peopleOf(em, allRequests);
      const perPerson = new Map<number, ScheduledItem[]>();
      const counts: Record<string, number> = { new: 0, moved: 0, cancelled: 0, unchanged: 0 };
      const now = new Date();
      for (const meeting of meetings) {
        const request = allRequests.find((r) => r.id === meeting.requestId)!;
        const slot = meeting.slot !== null && eligible.has(request.id) ? context.slots[meeting.slot - 1] : undefined;
        const current = {
          slot: slot ? meeting.slot : null,
          table: slot ? meeting.tableNumber : null,
          startsAt: slot?.startsAt ?? null,
          endsAt: slot?.endsAt ?? null,
        };
        const sent = {
          slot: meeting.sentSlot,
          table: meeting.sentTable,
          startsAt: meeting.sentStartsAt,
          endsAt: meeting.sentEndsAt,
        };
        const change = meetingChange(current, sent);
        if (change === 'none') continue;
        counts[change]++;
        if (change !== 'unchanged') {
          if (meeting.invitedAt) meeting.sequence += 1;
          else meeting.invitedAt = now;
          Object.assign(meeting, {
            sentSlot: current.slot,
            sentTable: current.table,
            sentStartsAt: current.startsAt,
            sentEndsAt: current.endsAt,
          });
          await em.save(meeting);
        }
        const shown = change === 'cancelled' ? sent : current;
        const table = context.tables[(shown.table ?? 1) - 1];
        for (const [me, other] of [
          [request.fromParticipantId, request.toParticipantId],
          [request.toParticipantId, request.fromParticipantId],
        ]) {
          const otherPerson = persons.get(other)!;
          const list = perPerson.get(me) ?? [];
          list.push({
            meetingId: meeting.id,
            change,
            startsAt: shown.startsAt!,
            endsAt: shown.endsAt!,
            slot: shown.slot!,
            table: shown.table!,
            zone: table?.zone ?? null,
            zoneEn: table?.zoneEn ?? null,
            with: { name: otherPerson.registration.name, organisation: otherPerson.registration.organisationName },
            sequence: meeting.sequence,
          });
          perPerson.set(me, list);
        }
      }
      let notified = 0;
      for (const [participantId, items] of perPerson) {
        const person = persons.get(participantId)!;
        const changed = items.some((i) => i.change !== 'unchanged');
        const active = people.has(participantId) && person.registration.status === 'confirmed';
        if (!changed && !(becomesFinal && active)) continue;
        items.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
        await this.mail.schedule(em, context, person.registration, items, phase);
        notified++;
      }
      ms.phase = phase;
      ms.publishedAt = now;
      await em.save(ms);
      return { phase, notified, changes: counts };
    });
  }

  // ---- outcomes

  /** Marks a meeting held or a no-show, with a note and whether both intend to cooperate. */
  async recordOutcome(eventId: number, meetingId: number, dto: MeetingOutcomeDto, actor: Actor): Promise<MeetingView> {
    let held: MeetingHeldEvent | undefined;
    const meetingSessionId = await this.db.transaction(async (em) => {
      const meeting = await em.findOneBy(Meeting, { id: meetingId });
      const ms = meeting ? await em.findOneBy(MeetingSession, { id: meeting.meetingSessionId, eventId }) : null;
      if (!meeting || !ms) throw new MeetingsError('meeting_not_found', { id: meetingId });
      const request = await em.findOneByOrFail(MeetingRequest, { id: meeting.requestId });
      if (actor.kind === 'participant') {
        const mine = await em.existsBy(MeetingParticipant, {
          id: In([request.fromParticipantId, request.toParticipantId]),
          registrationId: actor.registrationId,
        });
        if (!mine) throw new MeetingsError('meeting_not_found', { id: meetingId });
        if (meeting.sentSlot === null)
          throw new MeetingsError('outcome_not_allowed', {}, [
            { field: 'outcome', reason: 'the meeting is not in the published schedule' },
          ]);
      }
      Object.assign(meeting, {
        outcome: dto.outcome,
        outcomeNote: dto.note?.trim() || null,
        intent: dto.outcome === 'held' && dto.intent === true,
        outcomeBy: actor.kind === 'participant' ? `registration:${actor.registrationId}` : 'staff',
        outcomeAt: new Date(),
      });
      await em.save(meeting);
      if (dto.outcome === 'held') {
        const [from, to] = await Promise.all([
          em.findOneByOrFail(MeetingParticipant, { id: request.fromParticipantId }),
          em.findOneByOrFail(MeetingParticipant, { id: request.toParticipantId }),
        ]);
        const registrations = await em.findBy(Registration, { id: In([from.registrationId, to.registrationId]) });
        const organisationOf = (id: number) => registrations.find((r) => r.id === id)?.organisationId ?? null;
        held = {
          eventId,
          meetingId: meeting.id,
          registrationIds: [from.registrationId, to.registrationId],
          organisationIds: [organisationOf(from.registrationId), organisationOf(to.registrationId)],
          at: meeting.outcomeAt!,
        };
      }
      return ms.id;
    });
    // After the commit: the pipeline follows a held meeting (with a wish to cooperate) in its own transaction.
    if (held) await this.events.emitAsync(MEETING_HELD, held);
    return this.meetingView(eventId, meetingSessionId, meetingId);
  }

  // ---- views

  async view(eventId: number, meetingSessionId: number): Promise<ScheduleView> {
    const em = this.db.manager;
    const ms = await this.meetings.meetingSession(em, eventId, meetingSessionId);
    const context = await this.meetings.contextOf(em, ms);
    const meetings = await em.find(Meeting, {
      where: { meetingSessionId: ms.id },
      order: { slot: 'ASC', tableNumber: 'ASC' },
    });
    const accepted = await em.find(MeetingRequest, {
      where: { meetingSessionId: ms.id, status: 'accepted' },
      order: { id: 'ASC' },
    });
    const requests = [
      ...accepted,
      ...(await em.findBy(MeetingRequest, {
        id: In(meetings.map((m) => m.requestId).filter((id) => !accepted.some((r) => r.id === id))),
      })),
    ];
    const persons = await this.peopleOf(em, requests);
    const views = meetings.map((m) =>
      this.toView(
        context,
        m,
        requests.find((r) => r.id === m.requestId)!,
        persons,
      ),
    );
    const reasons = new Map((ms.lastRun?.unplaced ?? []).map((u) => [u.requestId, u.reason]));
    const placed = new Set(meetings.filter((m) => m.slot !== null).map((m) => m.requestId));
    const unplaced = accepted
      .filter((r) => !placed.has(r.id))
      .map((r) => {
        const meeting = meetings.find((m) => m.requestId === r.id);
        return {
          requestId: r.id,
          meetingId: meeting?.id ?? null,
          reason: meeting?.dropped ? ('dropped' as const) : (reasons.get(r.id) ?? ('not_run' as const)),
          people: this.peopleView(r, persons),
        };
      });
    return { context, meetings: views.filter((v) => v.slot !== null), unplaced };
  }

  /** A person's published meetings (what their invites say), for the personal page and the feed. */
  async publishedFor(registrationId: number): Promise<(MeetingView & { context: SessionContext })[]> {
    const em = this.db.manager;
    const mine = await em.findBy(MeetingParticipant, { registrationId });
    if (!mine.length) return [];
    const ids = mine.map((p) => p.id);
    const requests = [
      ...(await em.findBy(MeetingRequest, { fromParticipantId: In(ids) })),
      ...(await em.findBy(MeetingRequest, { toParticipantId: In(ids) })),
    ];
    if (!requests.length) return [];
    const meetings = await em.find(Meeting, {
      where: { requestId: In(requests.map((r) => r.id)), sentSlot: Not(IsNull()) },
    });
    const persons = await this.peopleOf(em, requests);
    const contexts = new Map<number, SessionContext>();
    const out: (MeetingView & { context: SessionContext })[] = [];
    for (const meeting of meetings) {
      if (!contexts.has(meeting.meetingSessionId)) {
        const ms = await em.findOneByOrFail(MeetingSession, { id: meeting.meetingSessionId });
        contexts.set(ms.id, await this.meetings.contextOf(em, ms));
      }
      const context = contexts.get(meeting.meetingSessionId)!;
      const view = this.toView(
        context,
        meeting,
        requests.find((r) => r.id === meeting.requestId)!,
        persons,
      );
      out.push({ ...view, context });
    }
    return out.sort((a, b) => (a.published?.startsAt.getTime() ?? 0) - (b.published?.startsAt.getTime() ?? 0));
  }

  /** The published meetings of a registration as calendar items (the personal feed). */
  async calendarItems(registrationId: number) {
    const meetings = await this.publishedFor(registrationId);
    return meetings.map((m) => {
      const other = m.people.find((p) => p.registrationId !== registrationId)!;
      const table = m.context.tables[m.published!.table - 1];
      return this.mail.calendarItem(m.context, {
        meetingId: m.id,
        sequence: m.sequence,
        startsAt: m.published!.startsAt,
        endsAt: m.published!.endsAt,
        table: m.published!.table,
        zone: table?.zone ?? null,
        with: { name: other.name, organisation: other.organisation },
      });
    });
  }

  async meetingView(eventId: number, meetingSessionId: number, meetingId: number): Promise<MeetingView> {
    const em = this.db.manager;
    const ms = await this.meetings.meetingSession(em, eventId, meetingSessionId);
    const context = await this.meetings.contextOf(em, ms);
    const meeting = await this.meeting(em, ms.id, meetingId);
    const request = await em.findOneByOrFail(MeetingRequest, { id: meeting.requestId });
    return this.toView(context, meeting, request, await this.peopleOf(em, [request]));
  }

  // ---- helpers

  /** Accepted requests whose two people are still opted in with a confirmed registration, and those people. */
  private async eligible(em: EntityManager, meetingSessionId: number) {
    const participants = await em.find(MeetingParticipant, {
      where: { meetingSessionId, active: true },
      relations: { registration: true },
    });
    const people = new Map(
      participants.filter((p) => p.registration?.status === 'confirmed').map((p) => [p.id, p] as const),
    );
    const requests = (
      await em.find(MeetingRequest, { where: { meetingSessionId, status: 'accepted' }, order: { id: 'ASC' } })
    ).filter((r) => people.has(r.fromParticipantId) && people.has(r.toParticipantId));
    return { requests, people };
  }

  private async meeting(em: EntityManager, meetingSessionId: number, id: number): Promise<Meeting> {
    const meeting = await em.findOneBy(Meeting, { id, meetingSessionId });
    if (!meeting) throw new MeetingsError('meeting_not_found', { id });
    return meeting;
  }

  private async peopleOf(em: EntityManager, requests: MeetingRequest[]): Promise<Map<number, Person>> {
    const ids = [...new Set(requests.flatMap((r) => [r.fromParticipantId, r.toParticipantId]))];
    if (!ids.length) return new Map();
    const participants = await em.find(MeetingParticipant, {
      where: { id: In(ids) },
      relations: { registration: true },
    });
    return new Map(participants.map((p) => [p.id, { participantId: p.id, registration: p.registration! }]));
  }

  private async namesOf(em: EntityManager, requestId: number): Promise<string[]> {
    const request = await em.findOneByOrFail(MeetingRequest, { id: requestId });
    const people = await this.peopleOf(em, [request]);
    return [request.fromParticipantId, request.toParticipantId].map((id) => people.get(id)!.registration.name);
  }

  private peopleView(request: MeetingRequest, persons: Map<number, Person>): MeetingView['people'] {
    return [request.fromParticipantId, request.toParticipantId].map((id) => {
      const person = persons.get(id)!;
      return {
        participantId: id,
        registrationId: person.registration.id,
        name: person.registration.name,
        organisation: person.registration.organisationName,
      };
    });
  }

  private toView(
    context: SessionContext,
    meeting: Meeting,
    request: MeetingRequest,
    persons: Map<number, Person>,
  ): MeetingView {
    const slot = meeting.slot !== null ? context.slots[meeting.slot - 1] : undefined;
    const table = meeting.tableNumber !== null ? context.tables[meeting.tableNumber - 1] : undefined;
    return {
      id: meeting.id,
      requestId: meeting.requestId,
      slot: slot ? meeting.slot : null,
      table: slot ? meeting.tableNumber : null,
      startsAt: slot?.startsAt ?? null,
      endsAt: slot?.endsAt ?? null,
      zone: table?.zone ?? null,
      zoneEn: table?.zoneEn ?? null,
      locked: meeting.locked,
      dropped: meeting.dropped,
      prioritised: request.prioritised,
      sequence: meeting.sequence,
      published:
        meeting.sentSlot !== null && meeting.sentTable !== null && meeting.sentStartsAt && meeting.sentEndsAt
          ? {
              slot: meeting.sentSlot,
              table: meeting.sentTable,
              startsAt: meeting.sentStartsAt,
              endsAt: meeting.sentEndsAt,
            }
          : null,
      outcome: meeting.outcome,
      outcomeNote: meeting.outcomeNote,
      intent: meeting.intent,
      people: this.peopleView(request, persons),
    };
  }
}
