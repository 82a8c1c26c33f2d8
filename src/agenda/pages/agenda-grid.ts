import { localDay, localToUtc, utcToLocalInput } from '../../common/time.js';
import type { Locale, Translator } from '../../i18n/i18n.js';
import {
  nameIn,
  peopleByRole,
  type AgendaSession,
  type DraftConflict,
  type EventRoom,
  type GridRoom,
} from './agenda-view.js';

/**
 * The programme editor's day-by-room grid: which days it offers, the rooms in column order (main venue first),
 * where each session sits (extra lanes where sessions of one room overlap), the free slots that open the add form,
 * and the cards in time order (the list phones show). Pure: the controller loads, this lays out.
 */

/** Minutes per row of the day grid: every demo time is on a multiple of five. */
export const SLOT_MINUTES = 5;
/** Header rows above the first time row: venues, then rooms. */
export const HEAD_ROWS = 2;

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
export function eventDays(event: { startsAt: Date; endsAt: Date; timezone: string }): string[] {
  const first = localDay(event.startsAt, event.timezone);
  const last = localDay(event.endsAt, event.timezone);
  const days: string[] = [];
  for (let day = first; day <= last && days.length < 62; day = addDays(day, 1)) days.push(day);
  return days;
}

/** A venue of the event with its rooms, as EventsService.details() answers it. */
export interface VenueWithRooms {
  id: number;
  name: string;
  nameEn: string | null;
  kind: string;
  rooms: {
    id: number;
    name: string;
    nameEn: string | null;
    capacity: number | null;
    availableFrom: Date | null;
    availableUntil: Date | null;
  }[];
}

/** Rooms in grid order: the main venue first, then the sub-venues, each in its own order. */
export function roomsInGridOrder(venues: VenueWithRooms[]): EventRoom[] {
  const sorted = [...venues].sort((a, b) => Number(a.kind !== 'main') - Number(b.kind !== 'main'));
  return sorted.flatMap((venue) =>
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

export interface DayTab {
  day: string;
  n: number;
  /** Noon of the day in the event's zone: a date the templates format. */
  date: Date | undefined;
  count: number;
  current: boolean;
  /** A day outside the event that a session sits on. */
  outside: boolean;
  url: string;
}

/**
 * The days the editor offers: the event's, plus any day a session sits on. The one shown is the wanted one when
 * it is among them, else today when it is, else the first.
 */
export function agendaDays(options: {
  event: { startsAt: Date; endsAt: Date; timezone: string };
  sessions: Pick<AgendaSession, 'startsAt' | 'cancelledAt'>[];
  wanted: string | undefined;
  now: Date;
  base: string;
}): { day: string; tabs: DayTab[] } {
  const { event, sessions, wanted, now, base } = options;
  const tz = event.timezone;
  const inEvent = new Set(eventDays(event));
  const days = [...new Set([...inEvent, ...sessions.map((s) => localDay(s.startsAt, tz))])].sort();
  const today = localDay(now, tz);
  const day = wanted && days.includes(wanted) ? wanted : days.includes(today) ? today : days[0];
  const tabs = days.map((d, i) => ({
    day: d,
    n: i + 1,
    date: localToUtc(`${d}T12:00`, tz),
    count: sessions.filter((s) => s.cancelledAt === null && localDay(s.startsAt, tz) === d).length,
    current: d === day,
    outside: !inEvent.has(d),
    url: `${base}?day=${d}`,
  }));
  return { day, tabs };
}

export interface GridInput<S extends AgendaSession> {
  translator: Translator;
  locale: Locale;
  timezone: string;
  /** The editor's address (links of the free slots). */
  base: string;
  day: string;
  /** All sessions of the draft, cancelled ones included (the grid picks the day's). */
  sessions: S[];
  /** The event's rooms in grid order (roomsInGridOrder). */
  rooms: EventRoom[];
  conflicts: DraftConflict[];
  editingId?: number;
}

/** One day of the draft as a grid: venue and room heads, hour lines, free slots and the sessions' cards. */
export function agendaGrid<S extends AgendaSession>(input: GridInput<S>) {
  const { translator, locale, timezone: tz, base, day, rooms, conflicts } = input;
  const t = (key: string, params?: Record<string, unknown>) => translator.t(locale, key, params);
  const onDay = input.sessions.filter((s) => localDay(s.startsAt, tz) === day);
  const columns: GridRoom[] = [...rooms];
  if (rooms.length === 0 || onDay.some((s) => s.roomId === null)) {
    columns.push({
      roomId: null,
      name: translator.t('zh-CN', 'consoleAgenda.grid.noRoom'),
      nameEn: translator.t('en', 'consoleAgenda.grid.noRoom'),
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
    return room ? nameIn(locale, room.name, room.nameEn) : t('consoleAgenda.grid.noRoom');
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
        editing: input.editingId === s.id,
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
      url: `${base}?day=${day}&new=1${f.roomId === null ? '' : `&room=${f.roomId}`}&at=${hhmm(f.from)}&until=${hhmm(f.until)}#session-form`,
      label: t('consoleAgenda.grid.addAt', { room: roomName(f.roomId), time: hhmm(f.from) }),
    })),
    cards,
    empty: onDay.length === 0,
    noRooms: rooms.length === 0,
  };
}
