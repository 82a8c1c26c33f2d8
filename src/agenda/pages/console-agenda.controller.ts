import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AgendaNotifier } from '../agenda-notifier.service.js';
import { AgendaError } from '../agenda.errors.js';
import { AgendaService, type SaveResult, type SessionView } from '../agenda.service.js';
import type { Conflict } from '../domain/conflicts.js';
import { AcceptWarningDto, CreateSessionDto, ReorderDto, UpdateSessionDto } from '../dto/session.dto.js';
import { SESSION_ROLES } from '../session-person.entity.js';
import { SESSION_KINDS } from '../session.entity.js';
import { CurrentPrincipal, Roles } from '../../common/auth.decorators.js';
import { DomainError, type FieldProblem } from '../../common/domain-error.js';
import { ParseIdPipe } from '../../common/id.js';
import { formatInZone, localDay, localToUtc, utcToLocalInput, type DateStyle } from '../../common/time.js';
import type { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import { cleanFormBody, submitForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import type { Locale } from '../../i18n/i18n.js';
import type { Principal } from '../../common/request-context.js';
import { Views } from '../../web/views.service.js';

/** Minutes per row of the day grid: every demo time is on a multiple of five. */
const SLOT_MINUTES = 5;
/** Header rows above the first time row: venues, then rooms. */
const HEAD_ROWS = 2;
/** The person rows a session form always offers (blank rows are ignored). */
const MIN_PERSON_ROWS = 5;
const MAX_PERSON_ROWS = 100;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const PERSON_FIELDS = ['role', 'name', 'organisation', 'title', 'email'] as const;
const SESSION_FIELDS = ['kind', 'title', 'titleEn', 'description', 'descriptionEn', 'capacity', 'roomId'] as const;

/** A conflict of the draft, as AgendaService.conflicts() answers it. */
type DraftConflict = Conflict & { accepted: boolean };

/** One column group of the grid: a room (or "no room"), under its venue. */
export interface GridRoom {
  roomId: number | null;
  name: string;
  nameEn: string | null;
  capacity: number | null;
  venueName: string | null;
  venueNameEn: string | null;
  venueKey: string;
}

export interface PlacedSession {
  id: number;
  roomId: number | null;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
}

export interface DayLayout {
  /** Number of time rows (one per SLOT_MINUTES) and of lanes (grid columns after the time column). */
  rows: number;
  lanes: number;
  from: number;
  until: number;
  rooms: (GridRoom & { column: number; lanes: number })[];
  placed: Map<number, { row: number; span: number; column: number }>;
  free: {
    roomId: number | null;
    column: number;
    lanes: number;
    row: number;
    span: number;
    from: number;
    until: number;
  }[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function hhmm(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Minutes since local midnight of `day` (clamped to the day), in the event's zone. */
export function minuteOfDay(at: Date, day: string, timezone: string): number {
  const local = utcToLocalInput(at, timezone);
  const date = local.slice(0, 10);
  if (date < day) return 0;
  if (date > day) return 24 * 60;
  return Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The local days an event covers, first to last (at most 62). */
export function eventDays(event: Pick<Event, 'startsAt' | 'endsAt' | 'timezone'>): string[] {
  const first = localDay(event.startsAt, event.timezone);
  const last = localDay(event.endsAt, event.timezone);
  const days: string[] = [];
  for (let day = first; day <= last && days.length < 62; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * Lays one day out as a grid: a row per SLOT_MINUTES between whole hours around the day's sessions (at least
 * 09:00–18:00), a column per room and, where sessions of one room overlap (a cancelled one and its replacement),
 * extra lanes so that none hides another. Free stretches of each room, cut at whole hours, become "add" cells.
 */
export function layoutDay(rooms: GridRoom[], sessions: PlacedSession[], day: string, timezone: string): DayLayout {
  const minutes = sessions.map((s) => ({
    ...s,
    from: minuteOfDay(s.startsAt, day, timezone),
    until: Math.max(minuteOfDay(s.endsAt, day, timezone), minuteOfDay(s.startsAt, day, timezone) + SLOT_MINUTES),
  }));
  const from = Math.floor(Math.min(9 * 60, ...minutes.map((s) => s.from)) / 60) * 60;
  const until = Math.min(24 * 60, Math.ceil(Math.max(18 * 60, ...minutes.map((s) => s.until)) / 60) * 60);
  const rowOf = (minute: number) => HEAD_ROWS + 1 + Math.floor((minute - from) / SLOT_MINUTES);
  const placed: DayLayout['placed'] = new Map();
  const free: DayLayout['free'] = [];
  const laidOut: DayLayout['rooms'] = [];
  let column = 2;
  for (const room of rooms) {
    const own = minutes.filter((s) => s.roomId === room.roomId).sort((a, b) => a.from - b.from || a.id - b.id);
    const laneEnds: number[] = [];
    const laneOf = new Map<number, number>();
    for (const s of own) {
      let lane = laneEnds.findIndex((end) => end <= s.from);
      if (lane === -1) lane = laneEnds.push(0) - 1;
      laneEnds[lane] = s.until;
      laneOf.set(s.id, lane);
    }
    const lanes = Math.max(1, laneEnds.length);
    for (const s of own) {
      const row = rowOf(s.from);
      placed.set(s.id, {
        row,
        span: Math.max(1, rowOf(Math.ceil(s.until / SLOT_MINUTES) * SLOT_MINUTES) - row),
        column: column + laneOf.get(s.id)!,
      });
    }
    // Free stretches between whatever is drawn in the room, in pieces of at most an hour, at least 15 minutes.
    let cursor = from;
    const busy = [...own.map((s) => [s.from, s.until] as const), [until, until] as const];
    for (const [start, end] of busy) {
      for (let piece = cursor; piece < start;) {
        const next = Math.min(start, (Math.floor(piece / 60) + 1) * 60);
        if (next - piece >= 15) {
          const row = rowOf(piece);
          free.push({ roomId: room.roomId, column, lanes, row, span: rowOf(next) - row, from: piece, until: next });
        }
        piece = next;
      }
      cursor = Math.max(cursor, end);
    }
    laidOut.push({ ...room, column, lanes });
    column += lanes;
  }
  return { rows: (until - from) / SLOT_MINUTES, lanes: column - 2, from, until, rooms: laidOut, placed, free };
}

/** Sessions of one room that follow each other without a gap: the items the up/down buttons reorder. */
export function blocksOf(sessions: PlacedSession[]): number[][] {
  const blocks: number[][] = [];
  const byRoom = new Map<number, PlacedSession[]>();
  for (const s of sessions) {
    if (s.cancelled || s.roomId === null) continue;
    byRoom.set(s.roomId, [...(byRoom.get(s.roomId) ?? []), s]);
  }
  for (const own of byRoom.values()) {
    own.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id);
    let block: PlacedSession[] = [];
    for (const s of own) {
      if (block.length && block[block.length - 1].endsAt.getTime() !== s.startsAt.getTime()) {
        if (block.length > 1) blocks.push(block.map((b) => b.id));
        block = [];
      }
      block.push(s);
    }
    if (block.length > 1) blocks.push(block.map((b) => b.id));
  }
  return blocks;
}

function swapped(ids: number[], i: number, j: number): number[] {
  const out = [...ids];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** A whole number typed into a form becomes a number; anything else stays as typed for the DTO to refuse. */
function wholeNumber(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;
}

/** The person rows of a form post, by their row number (`people.<row>.<field>`). */
function personRows(values: Record<string, unknown>): Map<number, Record<string, string>> {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(values)) {
    const m = /^people\.(\d{1,3})\.(role|name|organisation|title|email)$/.exec(key);
    if (!m || typeof value !== 'string' || Number(m[1]) >= MAX_PERSON_ROWS) continue;
    const row = rows.get(Number(m[1])) ?? {};
    row[m[2]] = value;
    rows.set(Number(m[1]), row);
  }
  return rows;
}

/**
 * A session form (local day and wall times in the event's zone, person rows) → the API's DTO values, with the
 * problems found while reading it and, for each person of the DTO, the form row it came from.
 */
function sessionFormToDto(
  values: Record<string, unknown>,
  timezone: string,
  /** An update clears the optional fields left empty (null); a creation leaves them out. */
  purpose: 'create' | 'update',
): { dto: Record<string, unknown>; errors: FieldProblem[]; rowOf: number[] } {
  const errors: FieldProblem[] = [];
  const dto: Record<string, unknown> = {};
  for (const key of SESSION_FIELDS) {
    const value = key === 'capacity' || key === 'roomId' ? wholeNumber(values[key]) : values[key];
    if (value !== undefined) dto[key] = value;
    else if (purpose === 'update' && key !== 'kind' && key !== 'title') dto[key] = null;
  }
  const day = typeof values.day === 'string' && DAY.test(values.day) ? values.day : undefined;
  if (!day) errors.push({ field: 'day', reason: 'a date is required' });
  for (const key of ['startsAt', 'endsAt'] as const) {
    const time = values[key];
    if (typeof time !== 'string' || !TIME.test(time)) errors.push({ field: key, reason: 'a time is required' });
    else if (day) {
      const at = localToUtc(`${day}T${time}`, timezone);
      if (at) dto[key] = at.toISOString();
      else errors.push({ field: 'day', reason: 'a date is required' });
    }
  }
  const people: Record<string, string>[] = [];
  const rowOf: number[] = [];
  for (const [row, person] of [...personRows(values)].sort((a, b) => a[0] - b[0])) {
    if (!person.name && !person.organisation && !person.title && !person.email) continue;
    if (!person.name) {
      errors.push({ field: `people.${row}.name`, reason: 'a name is required' });
      continue;
    }
    people.push({ ...person, role: person.role ?? 'speaker' });
    rowOf.push(row);
  }
  dto.people = people;
  return { dto, errors, rowOf };
}

function sessionFormValues(session: SessionView, timezone: string): Record<string, unknown> {
  const values: Record<string, unknown> = {
    kind: session.kind,
    title: session.title,
    titleEn: session.titleEn ?? undefined,
    description: session.description ?? undefined,
    descriptionEn: session.descriptionEn ?? undefined,
    capacity: session.capacity ?? undefined,
    roomId: session.roomId ?? undefined,
    day: localDay(session.startsAt, timezone),
    startsAt: utcToLocalInput(session.startsAt, timezone).slice(11),
    endsAt: utcToLocalInput(session.endsAt, timezone).slice(11),
  };
  for (const [row, p] of session.people.entries()) {
    values[`people.${row}.role`] = p.role;
    values[`people.${row}.name`] = p.person.name;
    values[`people.${row}.organisation`] = p.person.organisation?.name;
    values[`people.${row}.title`] = p.person.title ?? undefined;
    values[`people.${row}.email`] = p.person.email ?? undefined;
  }
  return values;
}

type FormState =
  | { mode: 'new'; values: Record<string, unknown>; errors: FieldProblem[] }
  | { mode: 'edit'; sessionId: number; values?: Record<string, unknown>; errors: FieldProblem[] };

interface PageState {
  day?: string;
  form?: FormState;
  status?: number;
}

/**
 * The organiser's programme editor: the draft as a day-by-room grid with its conflicts explained, sessions created,
 * edited, moved, reordered, cancelled and restored in place, and publications with the people they will tell.
 * Every rule lives in AgendaService and AgendaNotifier; this class reads forms and lays pages out.
 */
@ApiExcludeController()
@Controller('console/events/:id/agenda')
export class ConsoleAgendaController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly agenda: AgendaService,
    private readonly notifier: AgendaNotifier,
  ) {}

  @Get()
  @Roles('organiser')
  async editor(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query() rawQuery: Record<string, unknown>,
  ): Promise<Html> {
    const query = cleanFormBody(rawQuery);
    const day = typeof query.day === 'string' && DAY.test(query.day) ? query.day : undefined;
    const edit = typeof query.edit === 'string' && /^\d{1,9}$/.test(query.edit) ? Number(query.edit) : undefined;
    let form: FormState | undefined;
    if (edit !== undefined) form = { mode: 'edit', sessionId: edit, errors: [] };
    else if (query.new !== undefined) {
      const time = (v: unknown) => (typeof v === 'string' && TIME.test(v) ? v : undefined);
      form = {
        mode: 'new',
        errors: [],
        values: {
          kind: 'keynote',
          day,
          roomId: typeof query.room === 'string' && /^\d{1,9}$/.test(query.room) ? query.room : undefined,
          startsAt: time(query.at),
          endsAt: time(query.until),
        },
      };
    }
    return this.page(request, id, { day, form });
  }

  @Post('sessions')
  @Roles('organiser')
  async create(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const event = await this.events.get(id);
    const values = cleanFormBody(body);
    const { dto, errors, rowOf } = sessionFormToDto(values, event.timezone, 'create');
    const again = (problems: FieldProblem[], status = 400) =>
      this.page(request, id, {
        day: values.day as string | undefined,
        form: { mode: 'new', values, errors: problems.map((p) => personProblem(p, rowOf)) },
        status,
      });
    return submitForm(
      CreateSessionDto,
      dto,
      {
        onValid: async (valid) => {
          const saved = await this.tryRoom(request, event, undefined, valid.roomId, () =>
            this.agenda.create(id, valid),
          );
          if ('problem' in saved) return again([saved.problem], 409);
          return this.saved(request, event, saved.result, 'created');
        },
        onInvalid: (problems) => again(problems),
      },
      errors,
    );
  }

  @Post('sessions/:sessionId')
  @Roles('organiser')
  async update(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const event = await this.events.get(id);
    const values = cleanFormBody(body);
    const { dto, errors, rowOf } = sessionFormToDto(values, event.timezone, 'update');
    const again = (problems: FieldProblem[], status = 400) =>
      this.page(request, id, {
        day: values.day as string | undefined,
        form: { mode: 'edit', sessionId, values, errors: problems.map((p) => personProblem(p, rowOf)) },
        status,
      });
    return submitForm(
      UpdateSessionDto,
      dto,
      {
        onValid: async (valid) => {
          const saved = await this.tryRoom(request, event, sessionId, valid.roomId, () =>
            this.agenda.update(id, sessionId, valid),
          );
          if ('problem' in saved) return again([saved.problem], 409);
          return this.saved(request, event, saved.result, 'saved');
        },
        onInvalid: (problems) => again(problems),
      },
      errors,
    );
  }

  /** Moves a session to another day, start or room; it keeps its length. */
  @Post('sessions/:sessionId/move')
  @Roles('organiser')
  async move(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const event = await this.events.get(id);
    const session = await this.session(id, sessionId);
    const values = cleanFormBody(body);
    const back = `${this.base(id)}?edit=${sessionId}#session-form`;
    const { day, startsAt } = values;
    const start =
      typeof day === 'string' && DAY.test(day) && typeof startsAt === 'string' && TIME.test(startsAt)
        ? localToUtc(`${day}T${startsAt}`, event.timezone)
        : undefined;
    if (!start) return redirect(back, { kind: 'error', key: 'consoleAgenda.flash.moveNeedsTime' });
    const length = session.endsAt.getTime() - session.startsAt.getTime();
    const dto = {
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + length).toISOString(),
      roomId: wholeNumber(values.roomId) ?? null,
    };
    return submitForm(UpdateSessionDto, dto, {
      onValid: async (valid) => {
        const saved = await this.tryRoom(request, event, sessionId, valid.roomId, () =>
          this.agenda.update(id, sessionId, valid),
        );
        if ('problem' in saved)
          return redirect(back, {
            kind: 'error',
            key: 'consoleAgenda.flash.notMoved',
            params: { reason: saved.problem.reason },
          });
        return this.saved(request, event, saved.result, 'moved');
      },
      onInvalid: (problems) =>
        redirect(back, {
          kind: 'error',
          key: 'consoleAgenda.flash.notMoved',
          params: { reason: problems.map((p) => problemText(this.views, request.locale, p)).join('; ') },
        }),
    });
  }

  @Post('sessions/:sessionId/cancel')
  @Roles('organiser')
  async cancel(
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Req() request: FastifyRequest,
  ): Promise<Redirect> {
    const event = await this.events.get(id);
    const session = await this.agenda.cancel(id, sessionId);
    return redirect(`${this.dayUrl(event, session.startsAt)}#s-${sessionId}`, {
      kind: 'success',
      key: 'consoleAgenda.flash.cancelled',
      params: { title: titleIn(request.locale, session) },
    });
  }

  @Post('sessions/:sessionId/restore')
  @Roles('organiser')
  async restore(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
  ): Promise<Redirect> {
    const event = await this.events.get(id);
    const session = await this.session(id, sessionId);
    const saved = await this.tryRoom(request, event, sessionId, session.roomId, () =>
      this.agenda.restore(id, sessionId),
    );
    if ('problem' in saved) {
      return redirect(`${this.dayUrl(event, session.startsAt)}#s-${sessionId}`, {
        kind: 'error',
        key: 'consoleAgenda.flash.notRestored',
        params: { reason: saved.problem.reason },
      });
    }
    return this.saved(request, event, saved.result, 'restored');
  }

  @Post('sessions/:sessionId/delete')
  @Roles('organiser')
  async remove(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
  ): Promise<Redirect> {
    const event = await this.events.get(id);
    const session = await this.session(id, sessionId);
    const title = titleIn(request.locale, session);
    try {
      await this.agenda.remove(id, sessionId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'already_published') {
        return redirect(`${this.base(id)}?edit=${sessionId}#session-form`, {
          kind: 'error',
          key: 'consoleAgenda.flash.cannotDelete',
          params: { title },
        });
      }
      throw error;
    }
    return redirect(this.dayUrl(event, session.startsAt), {
      kind: 'success',
      key: 'consoleAgenda.flash.deleted',
      params: { title },
    });
  }

  @Post('sessions/:sessionId/accept')
  @Roles('organiser')
  async accept(
    @Param('id', ParseIdPipe) id: number,
    @Param('sessionId', ParseIdPipe) sessionId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const values = cleanFormBody(body);
    const day = typeof values.day === 'string' && DAY.test(values.day) ? values.day : undefined;
    const back = `${this.base(id)}${day ? `?day=${day}` : ''}#conflicts`;
    return submitForm(
      AcceptWarningDto,
      { key: values.key },
      {
        onValid: async (dto) => {
          try {
            await this.agenda.acceptWarning(id, sessionId, dto.key);
          } catch (error) {
            if (!(error instanceof AgendaError && error.code === 'warning_not_of_session')) throw error;
            return redirect(back, { kind: 'error', key: 'consoleAgenda.flash.noSuchWarning' });
          }
          return redirect(back, { kind: 'success', key: 'consoleAgenda.flash.accepted' });
        },
        onInvalid: () => redirect(back, { kind: 'error', key: 'consoleAgenda.flash.noSuchWarning' }),
      },
    );
  }

  /** Puts the sessions of one block (one room, back to back) in the order the up/down button sends. */
  @Post('reorder')
  @Roles('organiser')
  async reorder(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const values = cleanFormBody(body);
    const raw = values.sessionIds;
    const ids = (Array.isArray(raw) ? raw : [raw]).map((v) => wholeNumber(v));
    const focus = wholeNumber(values.focus);
    const day = typeof values.day === 'string' && DAY.test(values.day) ? values.day : undefined;
    const back = `${this.base(id)}${day ? `?day=${day}` : ''}${typeof focus === 'number' ? `#s-${focus}` : ''}`;
    return submitForm(
      ReorderDto,
      { sessionIds: ids },
      {
        onValid: async (dto) => {
          try {
            await this.agenda.reorder(id, dto.sessionIds);
          } catch (error) {
            if (
              error instanceof DomainError &&
              ['not_one_block', 'session_not_found', 'room_conflict'].includes(error.code)
            )
              return redirect(back, { kind: 'error', key: 'consoleAgenda.flash.notReordered' });
            throw error;
          }
          return redirect(back, { kind: 'success', key: 'consoleAgenda.flash.reordered' });
        },
        onInvalid: () => redirect(back, { kind: 'error', key: 'consoleAgenda.flash.notReordered' }),
      },
    );
  }

  @Post('publish')
  @Roles('organiser')
  async publish(
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Redirect> {
    await this.events.get(id);
    const notify = cleanFormBody(body).notify === 'true';
    let version: number;
    let count: number | null;
    try {
      const published = await this.notifier.publish(id, principal.userId, { notify });
      version = published.version.version;
      count = published.notified;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'nothing_to_publish')
        return redirect(`${this.base(id)}#publish`, { kind: 'info', key: 'consoleAgenda.flash.nothingToPublish' });
      throw error;
    }
    const url = `${this.base(id)}/versions/${version}`;
    if (count !== null) {
      return redirect(url, {
        kind: 'success',
        key: 'consoleAgenda.flash.publishedNotified',
        params: { n: version, count },
      });
    }
    return redirect(`${url}#recipients`, {
      kind: 'success',
      key: 'consoleAgenda.flash.published',
      params: { n: version },
    });
  }

  @Get('versions/:version')
  @Roles('organiser')
  async version(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('version', ParseIdPipe) versionNumber: number,
  ): Promise<Html> {
    const event = await this.events.get(id);
    const version = await this.agenda.version(id, versionNumber);
    const recipients = await this.notifier.recipients(id, versionNumber);
    return this.views.page(
      request,
      'console/agenda-version',
      {
        event,
        timezone: event.timezone,
        version,
        recipients,
        notifiable: version.changes.some((c) => c.type !== 'new'),
        changelogUrl:
          event.status === 'draft' ? undefined : `/events/${event.slug}/agenda/changes#v-${version.version}`,
      },
      { title: this.views.t(request.locale, 'agenda.version', { n: version.version }), area: 'console' },
    );
  }

  @Post('versions/:version/notify')
  @Roles('organiser')
  async notify(
    @Param('id', ParseIdPipe) id: number,
    @Param('version', ParseIdPipe) version: number,
  ): Promise<Redirect> {
    const url = `${this.base(id)}/versions/${version}`;
    try {
      const count = await this.notifier.notify(id, version);
      return redirect(url, { kind: 'success', key: 'consoleAgenda.flash.notified', params: { count } });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'already_notified')
        return redirect(url, { kind: 'info', key: 'consoleAgenda.flash.alreadyNotified', params: { n: version } });
      throw error;
    }
  }

  // ---- helpers

  private base(id: number): string {
    return `/console/events/${id}/agenda`;
  }

  private dayUrl(event: Event, at: Date): string {
    return `${this.base(event.id)}?day=${localDay(at, event.timezone)}`;
  }

  private async session(eventId: number, sessionId: number): Promise<SessionView> {
    const found = (await this.agenda.sessions(eventId, { includeCancelled: true })).find((s) => s.id === sessionId);
    if (!found) throw new AgendaError('session_not_found', { id: sessionId });
    return found;
  }

  /**
   * Runs a save; a room used twice at once comes back as a problem on the room field that names the other
   * sessions in the reader's language (the service's own message is English).
   */
  private async tryRoom(
    request: FastifyRequest,
    event: Event,
    sessionId: number | undefined,
    roomId: number | null | undefined,
    save: () => Promise<SaveResult>,
  ): Promise<{ result: SaveResult } | { problem: FieldProblem }> {
    try {
      return { result: await save() };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'room_conflict') throw error;
      const locale = request.locale;
      const sessions = await this.agenda.sessions(event.id);
      const conflicts = (error.details.conflicts as Conflict[] | undefined) ?? [];
      const others = new Set(conflicts.flatMap((c) => c.sessionIds).filter((sid) => sid !== sessionId));
      const titles = sessions.filter((s) => others.has(s.id)).map((s) => `“${titleIn(locale, s)}”`);
      const rooms = await this.rooms(event);
      const room = rooms.find((r) => r.roomId === (roomId ?? conflicts[0]?.roomId));
      const reason = this.views.t(locale, 'consoleAgenda.form.roomTaken', {
        room: room ? nameIn(locale, room.name, room.nameEn) : '',
        titles: titles.join(locale === 'en' ? ', ' : '、'),
      });
      return { problem: { field: 'roomId', reason } };
    }
  }

  /** After a save: back to the session on its day, with its warnings explained in the flash. */
  private async saved(
    request: FastifyRequest,
    event: Event,
    { session, warnings }: SaveResult,
    what: 'created' | 'saved' | 'moved' | 'restored',
  ): Promise<Redirect> {
    const locale = request.locale;
    const title = titleIn(locale, session);
    const url = `${this.dayUrl(event, session.startsAt)}#s-${session.id}`;
    if (warnings.length === 0)
      return redirect(url, { kind: 'success', key: `consoleAgenda.flash.${what}`, params: { title } });
    const context = await this.context(event);
    const shown = warnings.slice(0, 3).map((w) => this.explain(locale, event, w, context).replace(/[。.]$/, ''));
    if (warnings.length > 3) shown.push(this.views.t(locale, 'consoleAgenda.flash.more', { n: warnings.length - 3 }));
    let details = shown.join(locale === 'en' ? '; ' : '；');
    // The flash travels in a cookie (4 kB at most): long titles are cut short.
    if (details.length > 600) details = `${details.slice(0, 599)}…`;
    return redirect(url, {
      kind: 'info',
      key: 'consoleAgenda.flash.withWarnings',
      params: { title: title.length > 100 ? `${title.slice(0, 99)}…` : title, n: warnings.length, details },
    });
  }

  /** Rooms in grid order: the main venue first, then the sub-venues, each in its own order. */
  private async rooms(event: Event): Promise<EventRoom[]> {
    const details = await this.events.details(event);
    const venues = [...details.venues].sort((a, b) => Number(a.kind !== 'main') - Number(b.kind !== 'main'));
    return venues.flatMap((venue) =>
      venue.rooms.map((room) => ({
        roomId: room.id,
        name: room.name,
        nameEn: room.nameEn,
        capacity: room.capacity,
        venueName: venue.name,
        venueNameEn: venue.nameEn,
        venueKey: String(venue.id),
        venueKind: venue.kind,
        availableFrom: room.availableFrom,
        availableUntil: room.availableUntil,
      })),
    );
  }

  private async context(event: Event): Promise<ExplainContext> {
    const [sessions, rooms] = await Promise.all([
      this.agenda.sessions(event.id, { includeCancelled: true }),
      this.rooms(event),
    ]);
    return { sessions: new Map(sessions.map((s) => [s.id, s])), rooms: new Map(rooms.map((r) => [r.roomId, r])) };
  }

  /** One conflict in words: which sessions, which room or person, and why. */
  private explain(locale: Locale, event: Event, conflict: Conflict, context: ExplainContext): string {
    const t = (key: string, params: Record<string, unknown>) => this.views.t(locale, key, params);
    const at = (date: Date, style: DateStyle) => formatInZone(date, event.timezone, locale, style);
    const span = (from: Date, until: Date) => `${at(from, 'time')}–${at(until, 'time')}`;
    const [a, b] = conflict.sessionIds.map((sid) => context.sessions.get(sid));
    const roomOf = (roomId: number | null | undefined) => {
      const room = roomId === null || roomId === undefined ? undefined : context.rooms.get(roomId);
      if (!room) return t('consoleAgenda.grid.noRoom', {});
      return `${nameIn(locale, room.venueName ?? '', room.venueNameEn)} · ${nameIn(locale, room.name, room.nameEn)}`;
    };
    if (!a) return t(`consoleAgenda.conflictKind.${conflict.kind}`, {});
    const title = (s: SessionView) => titleIn(locale, s);
    switch (conflict.kind) {
      case 'room_overlap': {
        if (!b) break;
        const from = new Date(Math.max(a.startsAt.getTime(), b.startsAt.getTime()));
        const until = new Date(Math.min(a.endsAt.getTime(), b.endsAt.getTime()));
        return t('consoleAgenda.explain.room_overlap', {
          a: title(a),
          b: title(b),
          room: roomOf(conflict.roomId),
          time: span(from, until),
        });
      }
      case 'person_overlap': {
        if (!b) break;
        const person = [...a.people, ...b.people].find((p) => p.personId === conflict.personId)?.person;
        return t('consoleAgenda.explain.person_overlap', {
          person: person ? nameIn(locale, person.name, person.nameEn) : '?',
          a: title(a),
          b: title(b),
          aPlace: roomOf(a.roomId),
          bPlace: roomOf(b.roomId),
          aTime: span(a.startsAt, a.endsAt),
          bTime: span(b.startsAt, b.endsAt),
        });
      }
      case 'outside_event':
        return t('consoleAgenda.explain.outside_event', {
          a: title(a),
          when: `${at(a.startsAt, 'datetime')}–${at(a.endsAt, 'time')}`,
          event: `${at(event.startsAt, 'datetime')} – ${at(event.endsAt, 'datetime')}`,
        });
      case 'outside_room_availability': {
        const room = context.rooms.get(conflict.roomId ?? -1);
        const from = room?.availableFrom;
        const until = room?.availableUntil;
        const available =
          from && until
            ? `${at(from, 'datetime')} – ${at(until, 'datetime')}`
            : from
              ? t('consoleAgenda.explain.availableFrom', { at: at(from, 'datetime') })
              : until
                ? t('consoleAgenda.explain.availableUntil', { at: at(until, 'datetime') })
                : '';
        return t('consoleAgenda.explain.outside_room_availability', {
          a: title(a),
          time: `${at(a.startsAt, 'datetime')}–${at(a.endsAt, 'time')}`,
          room: roomOf(conflict.roomId),
          available,
        });
      }
      case 'over_capacity':
        return t('consoleAgenda.explain.over_capacity', {
          a: title(a),
          capacity: a.capacity ?? '',
          room: roomOf(conflict.roomId),
          roomCapacity: context.rooms.get(conflict.roomId ?? -1)?.capacity ?? '',
        });
    }
    return t(`consoleAgenda.conflictKind.${conflict.kind}`, {});
  }

  // ---- the page

  private async page(request: FastifyRequest, id: number, state: PageState): Promise<Html> {
    const locale = request.locale;
    const event = await this.events.get(id);
    const tz = event.timezone;
    const [all, rooms, conflicts, pending, versions] = await Promise.all([
      this.agenda.sessions(id, { includeCancelled: true }),
      this.rooms(event),
      this.agenda.conflicts(id),
      this.agenda.pendingChanges(id),
      this.agenda.versions(id),
    ]);
    const byId = new Map(all.map((s) => [s.id, s]));

    // Which session the form edits (an unknown id simply opens no form).
    let form = state.form;
    const editing = form?.mode === 'edit' ? byId.get(form.sessionId) : undefined;
    if (form?.mode === 'edit' && !editing) form = undefined;

    // The days: the event's, plus any day a session sits on; today's when it is one of them, else the first.
    const inEvent = new Set(eventDays(event));
    const days = [...new Set([...inEvent, ...all.map((s) => localDay(s.startsAt, tz))])].sort();
    const wanted = state.day ?? (editing ? localDay(editing.startsAt, tz) : undefined);
    const today = localDay(new Date(), tz);
    const day = wanted && days.includes(wanted) ? wanted : days.includes(today) ? today : days[0];

    const latest = versions[0];
    const versionRows = versions.map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      notifiedAt: v.notifiedAt,
      changes: v.changes.length,
      notifiable: v.changes.some((c) => c.type !== 'new'),
      url: `${this.base(id)}/versions/${v.version}`,
    }));
    const publishedIds = new Set(versions.flatMap((v) => v.snapshot.sessions.map((s) => s.id)));
    const openConflicts = conflicts.filter((c) => !c.accepted);

    return this.views.page(
      request,
      'console/agenda',
      {
        event,
        timezone: tz,
        base: this.base(id),
        publicAgenda: event.status === 'draft' ? undefined : `/events/${event.slug}/agenda`,
        publicChangelog: event.status === 'draft' ? undefined : `/events/${event.slug}/agenda/changes`,
        days: days.map((d, i) => ({
          day: d,
          n: i + 1,
          date: localToUtc(`${d}T12:00`, tz),
          count: all.filter((s) => s.cancelledAt === null && localDay(s.startsAt, tz) === d).length,
          current: d === day,
          outside: !inEvent.has(d),
          url: `${this.base(id)}?day=${d}`,
        })),
        day,
        dayDate: localToUtc(`${day}T12:00`, tz),
        grid: this.gridView(locale, event, day, all, rooms, conflicts, editing),
        conflicts: {
          ...this.conflictsView(locale, event, conflicts, byId, rooms),
          errors: openConflicts.filter((c) => c.severity === 'error').length,
          total: openConflicts.length,
        },
        pending,
        latest,
        nextVersion: (latest?.version ?? 0) + 1,
        versions: versionRows,
        unnotified: versionRows.find((v) => v.version === latest?.version && v.notifiable && !v.notifiedAt),
        form: form ? this.formView(locale, event, form, editing, rooms, day, publishedIds) : undefined,
      },
      { title: 'consoleAgenda.title', area: 'console', status: state.status ?? 200 },
    );
  }

  /** One day of the draft as a grid: venue and room heads, hour lines, free slots and the sessions' cards. */
  private gridView(
    locale: Locale,
    event: Event,
    day: string,
    all: SessionView[],
    rooms: EventRoom[],
    conflicts: DraftConflict[],
    editing: SessionView | undefined,
  ) {
    const tz = event.timezone;
    const onDay = all.filter((s) => localDay(s.startsAt, tz) === day);
    const columns: GridRoom[] = [...rooms];
    if (rooms.length === 0 || onDay.some((s) => s.roomId === null)) {
      columns.push({
        roomId: null,
        name: this.views.t('zh-CN', 'consoleAgenda.grid.noRoom'),
        nameEn: this.views.t('en', 'consoleAgenda.grid.noRoom'),
        capacity: null,
        venueName: null,
        venueNameEn: null,
        venueKey: 'none',
      });
    }
    const placed = onDay.map((s) => ({ ...s, cancelled: s.cancelledAt !== null }));
    const layout = layoutDay(columns, placed, day, tz);
    const blocks = blocksOf(placed);
    const conflictIndex = new Map(conflicts.map((c, i) => [c.key, i]));
    const roomById = new Map(rooms.map((r) => [r.roomId, r]));
    const roomName = (roomId: number | null) => {
      const room = roomId === null ? undefined : roomById.get(roomId);
      return room ? nameIn(locale, room.name, room.nameEn) : this.views.t(locale, 'consoleAgenda.grid.noRoom');
    };

    const cards = onDay
      .map((s) => {
        const at = layout.placed.get(s.id)!;
        const block = blocks.find((b) => b.includes(s.id));
        const i = block ? block.indexOf(s.id) : -1;
        const room = s.roomId === null ? undefined : roomById.get(s.roomId);
        return {
          session: s,
          cancelled: s.cancelledAt !== null,
          row: at.row,
          span: at.span,
          column: at.column,
          start: utcToLocalInput(s.startsAt, tz).slice(11),
          end: utcToLocalInput(s.endsAt, tz).slice(11),
          room,
          capacity: s.capacity ?? room?.capacity ?? null,
          capacityFromRoom: s.capacity === null && room?.capacity !== null && room?.capacity !== undefined,
          people: peopleByRole(locale, s),
          issues: conflicts
            .filter((c) => !c.accepted && c.sessionIds.includes(s.id))
            .map((c) => ({ kind: c.kind, severity: c.severity, anchor: `conflict-${conflictIndex.get(c.key)}` })),
          up: block && i > 0 ? swapped(block, i, i - 1) : undefined,
          down: block && i < block.length - 1 ? swapped(block, i, i + 1) : undefined,
          editing: editing?.id === s.id,
        };
      })
      // In time order: the reading order, and the list order on phones.
      .sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime() || a.column - b.column);

    const venues: { key: string; name: string | null; nameEn: string | null; column: number; span: number }[] = [];
    for (const room of layout.rooms) {
      const last = venues[venues.length - 1];
      if (last?.key === room.venueKey) last.span += room.lanes;
      else
        venues.push({
          key: room.venueKey,
          name: room.venueName,
          nameEn: room.venueNameEn,
          column: room.column,
          span: room.lanes,
        });
    }
    const hours: { row: number; span: number; label: string }[] = [];
    for (let m = layout.from; m < layout.until; m += 60) {
      hours.push({
        row: HEAD_ROWS + 1 + (m - layout.from) / SLOT_MINUTES,
        span: Math.min(60, layout.until - m) / SLOT_MINUTES,
        label: hhmm(m),
      });
    }
    return {
      rows: layout.rows,
      lanes: layout.lanes,
      venues: venues.map((v) => ({ ...v, main: rooms.find((r) => r.venueKey === v.key)?.venueKind === 'main' })),
      rooms: layout.rooms,
      hours,
      free: layout.free.map((f) => ({
        ...f,
        start: hhmm(f.from),
        url: `${this.base(event.id)}?day=${day}&new=1${f.roomId === null ? '' : `&room=${f.roomId}`}&at=${hhmm(f.from)}&until=${hhmm(f.until)}#session-form`,
        label: this.views.t(locale, 'consoleAgenda.grid.addAt', { room: roomName(f.roomId), time: hhmm(f.from) }),
      })),
      cards,
      empty: onDay.length === 0,
      noRooms: rooms.length === 0,
    };
  }

  /** Every conflict in words, with the sessions it involves and who may accept it. */
  private conflictsView(
    locale: Locale,
    event: Event,
    conflicts: DraftConflict[],
    byId: Map<number, SessionView>,
    rooms: EventRoom[],
  ) {
    const context: ExplainContext = { sessions: byId, rooms: new Map(rooms.map((r) => [r.roomId, r])) };
    const explained = conflicts.map((c, index) => ({
      ...c,
      index,
      text: this.explain(locale, event, c, context),
      // Accepting stores the key on one of the sessions (the service reads accepted keys across all of them).
      owner: c.sessionIds[c.sessionIds.length - 1],
      sessions: c.sessionIds
        .map((sid) => byId.get(sid))
        .filter((s): s is SessionView => s !== undefined)
        .map((s) => ({ title: titleIn(locale, s), url: `${this.base(event.id)}?edit=${s.id}#session-form` })),
    }));
    return { open: explained.filter((c) => !c.accepted), accepted: explained.filter((c) => c.accepted) };
  }

  private formView(
    locale: Locale,
    event: Event,
    form: FormState,
    editing: SessionView | undefined,
    rooms: EventRoom[],
    day: string,
    publishedIds: Set<number>,
  ) {
    const values =
      form.mode === 'edit' && !form.values && editing
        ? sessionFormValues(editing, event.timezone)
        : { day, ...(form.values ?? {}) };
    const typed = personRows(values);
    // The filled rows stay where they were typed (problems point at them), with two blank rows after the last.
    const filled = [...typed].filter(([, p]) => p.name || p.organisation || p.title || p.email).map(([row]) => row);
    const count = Math.max(MIN_PERSON_ROWS, Math.min(MAX_PERSON_ROWS, Math.max(-1, ...filled) + 3));
    const fieldErrors: Record<string, string> = {};
    const errors = form.errors.map((p) => {
      const text = problemText(this.views, locale, p);
      if (p.field !== '_form' && !(p.field in fieldErrors)) fieldErrors[p.field] = text;
      return {
        text,
        label: p.field === '_form' ? undefined : this.fieldLabel(locale, p.field),
        anchor: p.field === '_form' ? undefined : `f-s-${p.field.replace(/\./g, '-')}`,
      };
    });
    const groups: { key: string; name: string | null; nameEn: string | null; rooms: GridRoom[] }[] = [];
    for (const room of rooms) {
      const last = groups[groups.length - 1];
      if (last?.key === room.venueKey) last.rooms.push(room);
      else groups.push({ key: room.venueKey, name: room.venueName, nameEn: room.venueNameEn, rooms: [room] });
    }
    return {
      mode: form.mode,
      action:
        form.mode === 'edit' ? `${this.base(event.id)}/sessions/${form.sessionId}` : `${this.base(event.id)}/sessions`,
      session: editing,
      cancelled: editing?.cancelledAt !== null && editing !== undefined,
      canDelete: editing !== undefined && !publishedIds.has(editing.id),
      closeUrl: `${this.base(event.id)}?day=${typeof values.day === 'string' && DAY.test(values.day) ? values.day : day}`,
      values,
      errors,
      fieldErrors,
      kinds: SESSION_KINDS,
      roles: SESSION_ROLES,
      roomGroups: groups,
      rows: Array.from({ length: count }, (_, row) => {
        const person = typed.get(row) ?? {};
        return {
          row,
          n: row + 1,
          role: person.role ?? 'speaker',
          cells: PERSON_FIELDS.filter((f) => f !== 'role').map((field) => ({
            field,
            label: field === 'title' ? 'personTitle' : field,
            type: field === 'email' ? 'email' : 'text',
            value: person[field],
            error: fieldErrors[`people.${row}.${field}`],
          })),
        };
      }),
      move: editing
        ? {
            day: localDay(editing.startsAt, event.timezone),
            startsAt: utcToLocalInput(editing.startsAt, event.timezone).slice(11),
            roomId: editing.roomId,
          }
        : undefined,
    };
  }

  private fieldLabel(locale: Locale, field: string): string {
    const person = /^people\.(\d+)\.(\w+)$/.exec(field);
    if (person) {
      return `${this.views.t(locale, 'consoleAgenda.form.person', { n: Number(person[1]) + 1 })} · ${this.views.t(locale, `consoleAgenda.form.${person[2] === 'title' ? 'personTitle' : person[2]}`)}`;
    }
    const key = `consoleAgenda.form.${field}`;
    return this.views.translator.has(locale, key) ? this.views.t(locale, key) : field;
  }
}

/** A room of the event with its venue, as the grid, the form and the explanations need it. */
interface EventRoom extends GridRoom {
  venueKind: string;
  availableFrom: Date | null;
  availableUntil: Date | null;
}

interface ExplainContext {
  sessions: Map<number, SessionView>;
  rooms: Map<number | null, EventRoom>;
}

/** A session's people as one line per role, in the order they come: "演讲：张克俭、许昆林". */
function peopleByRole(locale: Locale, session: SessionView): { role: string; names: string }[] {
  const lines: { role: string; names: string[] }[] = [];
  for (const p of session.people) {
    const line = lines.find((l) => l.role === p.role) ?? lines[lines.push({ role: p.role, names: [] }) - 1];
    line.names.push(nameIn(locale, p.person.name, p.person.nameEn));
  }
  return lines.map((l) => ({ role: l.role, names: l.names.join(locale === 'en' ? ', ' : '、') }));
}

function nameIn(locale: Locale, zh: string, en: string | null | undefined): string {
  return locale === 'en' && en ? en : zh;
}

function titleIn(locale: Locale, session: { title: string; titleEn: string | null }): string {
  return nameIn(locale, session.title, session.titleEn);
}

/** A DTO problem on `people.<i>.<field>` points at the form row person i came from. */
function personProblem(problem: FieldProblem, rowOf: number[]): FieldProblem {
  const m = /^people\.(\d+)(\..*)?$/.exec(problem.field);
  if (!m) return problem;
  const row = rowOf[Number(m[1])];
  return row === undefined ? problem : { ...problem, field: `people.${row}${m[2] ?? ''}` };
}

/** A field problem in the reader's language, as the templates' `problem` helper says it. */
function problemText(views: Views, locale: Locale, problem: FieldProblem): string {
  if (problem.field === '_form') return views.t(locale, `errors.${problem.reason}`);
  if (problem.code && views.translator.has(locale, `validation.${problem.code}`))
    return views.t(locale, `validation.${problem.code}`);
  if (views.translator.has(locale, `reasons.${problem.reason}`)) return views.t(locale, `reasons.${problem.reason}`);
  return problem.reason;
}
