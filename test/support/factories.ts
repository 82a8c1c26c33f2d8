import { IsNull } from 'typeorm';
import type { SessionKind } from '../../src/agenda/session.entity.js';
import { AgendaService } from '../../src/agenda/agenda.service.js';
import { Badge } from '../../src/badges/badge.entity.js';
import type { CheckInList } from '../../src/check-in/check-in-list.entity.js';
import { CheckInListsService } from '../../src/check-in/check-in-lists.service.js';
import type { CheckInListDto } from '../../src/check-in/dto/check-in.dto.js';
import { Database } from '../../src/database/database.service.js';
import type { CreateEventDto } from '../../src/events/dto/event.dto.js';
import type { Event } from '../../src/events/event.entity.js';
import { EventsService } from '../../src/events/events.service.js';
import type { AttendeeCategory } from '../../src/registration/attendee-category.entity.js';
import type { CategoryDto, CreateRegistrationDto } from '../../src/registration/dto/registration.dto.js';
import type { Registration } from '../../src/registration/registration.entity.js';
import { RegistrationsService, type RegistrationSource } from '../../src/registration/registrations.service.js';
import type { Session } from '../../src/agenda/session.entity.js';
import { twoDayEvent, type TestApp } from './test-app.js';

/*
 * Factories: real records made through the real services of a started test app (startTestApp), so a test states only
 * what matters to it and everything else is a valid default. Each call makes fresh unique keys (slug, email, code).
 */

const DAY = 24 * 3600_000;
let serial = 0;
const next = () => `${process.pid}-${++serial}`;

/** 09:00 in Asia/Shanghai, `days` days from now, as an ISO string with the +08:00 offset. */
export function shanghaiMorning(days: number, hour = 9): string {
  const date = new Date(Date.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);
  return `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
}

/**
 * A published two-day event in Asia/Shanghai a month from now, with a main venue (一号厅) and a sub-venue
 * (twoDayEvent's places). `status: 'draft'` leaves it unpublished.
 */
export async function anEvent(
  t: TestApp,
  overrides: Partial<CreateEventDto> & { status?: 'draft' | 'published' } = {},
): Promise<Event> {
  const { status = 'published', ...dto } = overrides;
  const events = t.app.get(EventsService);
  const event = await events.create(
    twoDayEvent({
      slug: `event-${next()}`,
      startsAt: shanghaiMorning(30),
      endsAt: shanghaiMorning(31, 17),
      ...dto,
    }) as CreateEventDto,
  );
  return status === 'published' ? events.transition(event.id, 'published') : event;
}

/** An attendee category of the event (automatic approval, no seat limit unless given). */
export async function aCategory(
  t: TestApp,
  eventId: number,
  overrides: Partial<CategoryDto> = {},
): Promise<AttendeeCategory> {
  const n = next();
  return t.app.get(RegistrationsService).addCategory(eventId, {
    code: `category-${n}`,
    name: `类别 ${n}`,
    ...overrides,
  });
}

/**
 * A registration made through RegistrationsService as the public API makes it (`source: 'api'`): confirmed when the
 * category is automatic and has a seat, waitlisted when full, pending when in review. `category` is a code; without
 * one the event's form chooses (its only public category).
 */
export async function aRegistration(
  t: TestApp,
  eventId: number,
  overrides: Partial<CreateRegistrationDto> & { source?: RegistrationSource } = {},
): Promise<Registration> {
  const { source = 'api', ...dto } = overrides;
  const n = next();
  const { registration } = await t.app.get(RegistrationsService).register(
    eventId,
    {
      name: `参会者 ${n}`,
      email: `attendee-${n}@example.cn`,
      organisation: '四川恒麓电气科技有限公司',
      consent: true,
      ...dto,
    },
    source,
  );
  return registration;
}

/** A check-in list of the event: a sub-venue list admitting every category, without re-entry, unless told. */
export async function aCheckInList(
  t: TestApp,
  eventId: number,
  overrides: Partial<CheckInListDto> = {},
): Promise<CheckInList> {
  return t.app.get(CheckInListsService).create(eventId, {
    name: `签到 ${next()}`,
    kind: 'sub_venue',
    ...overrides,
  });
}

/** The event's entrance list (made on first use). */
export function theEntrance(t: TestApp, eventId: number): Promise<CheckInList> {
  return t.app.get(CheckInListsService).entrance(eventId);
}

/** The current (unrevoked) badge of a registration; confirmed registrations hold one. */
export async function aBadge(t: TestApp, registrationId: number): Promise<Badge> {
  return t.app.get(Database).manager.findOneByOrFail(Badge, { registrationId, revokedAt: IsNull() });
}

/** The QR code text of a registration's current badge. */
export async function badgeCode(t: TestApp, registrationId: number): Promise<string> {
  return (await aBadge(t, registrationId)).code;
}

/** A session on the event's first day, 10:00–11:00 Shanghai time, in the given room (or none). */
export async function aSession(
  t: TestApp,
  event: Pick<Event, 'id' | 'startsAt'>,
  overrides: {
    kind?: SessionKind;
    title?: string;
    roomId?: number | null;
    startsAt?: string;
    endsAt?: string;
    capacity?: number | null;
  } = {},
): Promise<Session> {
  const day = new Date(event.startsAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const { session } = await t.app.get(AgendaService).create(event.id, {
    kind: 'lecture',
    title: `专题报告 ${next()}`,
    startsAt: `${day}T10:00:00+08:00`,
    endsAt: `${day}T11:00:00+08:00`,
    ...overrides,
  });
  return session;
}
