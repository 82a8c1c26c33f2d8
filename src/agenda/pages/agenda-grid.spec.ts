import { loadMessages, Translator } from '../../i18n/i18n.js';
import {
  agendaDays,
  agendaGrid,
  blocksOf,
  eventDays,
  layoutDay,
  roomsInGridOrder,
  type VenueWithRooms,
} from './agenda-grid.js';
import type { AgendaSession, DraftConflict, GridRoom } from './agenda-view.js';

const TZ = 'Asia/Shanghai';
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);
const D1 = '2027-06-01';
const D2 = '2027-06-02';

function session(
  id: number,
  roomId: number | null,
  from: string,
  until: string,
  extra: Partial<AgendaSession> = {},
): AgendaSession {
  return {
    id,
    kind: 'keynote',
    title: `场次${id}`,
    titleEn: `Session ${id}`,
    description: null,
    descriptionEn: null,
    startsAt: at(D1, from),
    endsAt: at(D1, until),
    roomId,
    capacity: null,
    cancelledAt: null,
    people: [],
    ...extra,
  };
}

const person = (personId: number, role: string, name: string, nameEn: string | null) => ({
  personId,
  role,
  person: { name, nameEn, title: null, titleEn: null, email: null, organisation: null },
});

// The sub-venue is listed first, as an organiser may have added it: the grid still puts the main venue first.
const venues: VenueWithRooms[] = [
  {
    id: 11,
    name: '德阳分会场',
    nameEn: 'Deyang sub-venue',
    kind: 'sub',
    rooms: [{ id: 2, name: '洽谈室', nameEn: 'Meeting room', capacity: 40, availableFrom: null, availableUntil: null }],
  },
  {
    id: 10,
    name: '主会场',
    nameEn: 'Main venue',
    kind: 'main',
    rooms: [{ id: 1, name: 'A厅', nameEn: 'Hall A', capacity: 300, availableFrom: null, availableUntil: null }],
  },
];
const rooms = roomsInGridOrder(venues);
const translator = new Translator(loadMessages());

describe('the process time zone', () => {
  it('is not the events’ zone, so that every expectation below proves times are read in the event’s zone', () => {
    // 09:00 on 1 June in Shanghai is still 31 May in New York.
    expect(at(D1, '09:00').getDate()).toBe(31);
  });
});

describe('roomsInGridOrder', () => {
  it('puts the main venue’s rooms first, then the sub-venues’, with each venue as the column group', () => {
    expect(rooms.map((r) => [r.roomId, r.name, r.venueKey, r.venueName, r.venueKind])).toEqual([
      [1, 'A厅', '10', '主会场', 'main'],
      [2, '洽谈室', '11', '德阳分会场', 'sub'],
    ]);
  });
});

describe('eventDays and agendaDays', () => {
  const event = { startsAt: at(D1, '09:00'), endsAt: at(D2, '17:30'), timezone: TZ };

  it('lists the local days of an event over two days in Asia/Shanghai', () => {
    expect(eventDays(event)).toEqual([D1, D2]);
    // 07:30 in Shanghai is 23:30 UTC the day before: still the event's first day.
    expect(eventDays({ ...event, startsAt: at(D1, '07:30') })).toEqual([D1, D2]);
  });

  it.each([
    ['the wanted day when it is one of them', D2, at('2027-05-01', '12:00'), D2],
    ['today when nothing is wanted and today is one of them', undefined, at(D2, '00:30'), D2],
    ['the first day otherwise', '2027-07-01', at('2027-05-01', '12:00'), D1],
  ])('shows %s', (_, wanted, now, shown) => {
    expect(agendaDays({ event, sessions: [], wanted, now, base: '/b' }).day).toBe(shown);
  });

  it('adds a day outside the event that a session sits on, and counts the sessions that are not cancelled', () => {
    const sessions = [
      { startsAt: at(D1, '09:00'), cancelledAt: null },
      { startsAt: at(D1, '10:00'), cancelledAt: at(D1, '08:00') },
      // 00:30 on 3 June in Shanghai (16:30 UTC on 2 June).
      { startsAt: at('2027-06-03', '00:30'), cancelledAt: null },
    ];
    const { day, tabs } = agendaDays({ event, sessions, wanted: undefined, now: at(D1, '12:00'), base: '/b' });
    expect(day).toBe(D1);
    expect(tabs).toEqual([
      { day: D1, n: 1, date: at(D1, '12:00'), count: 1, current: true, outside: false, url: `/b?day=${D1}` },
      { day: D2, n: 2, date: at(D2, '12:00'), count: 0, current: false, outside: false, url: `/b?day=${D2}` },
      {
        day: '2027-06-03',
        n: 3,
        date: at('2027-06-03', '12:00'),
        count: 1,
        current: false,
        outside: true,
        url: '/b?day=2027-06-03',
      },
    ]);
  });
});

describe('layoutDay', () => {
  const placed = (id: number, roomId: number | null, from: string, until: string, day = D1) => ({
    id,
    roomId,
    startsAt: at(day, from),
    endsAt: at(day, until),
    cancelled: false,
  });

  it('gives two overlapping sessions of one room a lane each, and the sub-venue the next column', () => {
    const layout = layoutDay(
      rooms,
      [placed(1, 1, '09:00', '10:00'), placed(2, 1, '09:30', '10:30'), placed(3, 2, '14:00', '15:00')],
      D1,
      TZ,
    );
    // 09:00–18:00 at least, one row per five minutes, below two header rows.
    expect([layout.from, layout.until, layout.rows, layout.lanes]).toEqual([540, 1080, 108, 3]);
    expect(layout.rooms.map((r) => [r.roomId, r.column, r.lanes])).toEqual([
      [1, 2, 2],
      [2, 4, 1],
    ]);
    expect(Object.fromEntries(layout.placed)).toEqual({
      1: { row: 3, span: 12, column: 2 },
      2: { row: 9, span: 12, column: 3 },
      3: { row: 63, span: 12, column: 4 },
    });
    // Free slots: after the overlap until the next whole hour, then hour by hour.
    const free = (roomId: number) =>
      layout.free.filter((f) => f.roomId === roomId).map((f) => [f.from / 60, f.until / 60, f.row, f.span]);
    expect(free(1)).toEqual([
      [10.5, 11, 21, 6],
      [11, 12, 27, 12],
      [12, 13, 39, 12],
      [13, 14, 51, 12],
      [14, 15, 63, 12],
      [15, 16, 75, 12],
      [16, 17, 87, 12],
      [17, 18, 99, 12],
    ]);
    expect(free(2).map(([from, until]) => `${from}-${until}`)).toEqual([
      '9-10',
      '10-11',
      '11-12',
      '12-13',
      '13-14',
      '15-16',
      '16-17',
      '17-18',
    ]);
  });

  it('widens the day to whole hours around an early session, on the event’s day in its zone', () => {
    // 07:40–08:10 in Shanghai (23:40–00:10 UTC, 19:40–20:10 in New York the day before).
    const layout = layoutDay(rooms, [placed(1, 1, '07:40', '08:10', D2)], D2, TZ);
    expect([layout.from, layout.until, layout.rows]).toEqual([420, 1080, 132]);
    expect(layout.placed.get(1)).toEqual({ row: 3 + 8, span: 6, column: 2 });
    // Less than a quarter of an hour is no free slot: 07:00–07:40 is one, 08:10–09:00 another.
    expect(layout.free.filter((f) => f.roomId === 1).map((f) => [f.from, f.until])[0]).toEqual([420, 460]);
    expect(layout.free.filter((f) => f.roomId === 1).map((f) => [f.from, f.until])[1]).toEqual([490, 540]);
  });

  it('clamps a session running past midnight to the end of the day', () => {
    const layout = layoutDay(rooms, [{ ...placed(1, 1, '22:00', '23:00'), endsAt: at(D2, '01:00') }], D1, TZ);
    expect([layout.from, layout.until]).toEqual([540, 1440]);
    expect(layout.placed.get(1)).toEqual({ row: 3 + 156, span: 24, column: 2 });
  });
});

describe('blocksOf', () => {
  it('finds back-to-back sessions of one room, leaving out cancelled and room-less ones', () => {
    const s = (id: number, roomId: number | null, from: string, until: string, cancelled = false) => ({
      id,
      roomId,
      startsAt: at(D1, from),
      endsAt: at(D1, until),
      cancelled,
    });
    expect(
      blocksOf([
        s(3, 1, '10:00', '10:30'),
        s(1, 1, '09:00', '10:00'),
        s(2, 1, '09:30', '10:00', true),
        s(4, 1, '11:00', '11:30'),
        s(5, 2, '09:00', '09:30'),
        s(6, 2, '09:30', '10:00'),
        s(7, null, '09:00', '09:30'),
        s(8, null, '09:30', '10:00'),
      ]),
    ).toEqual([
      [1, 3],
      [5, 6],
    ]);
  });
});

describe('agendaGrid', () => {
  const sessions = [
    session(4, 1, '10:00', '10:30'),
    session(1, 1, '09:00', '10:00', {
      people: [
        person(7, 'speaker', '张三', 'Zhang San'),
        person(8, 'speaker', '李四', null),
        person(9, 'chair', '王五', 'Wang Wu'),
      ],
    }),
    session(2, 1, '09:30', '10:30', { cancelledAt: at(D1, '08:00') }),
    session(3, 2, '14:00', '15:00', { capacity: 60 }),
    session(5, null, '11:00', '11:30'),
    // Another day: not on this grid.
    { ...session(6, 1, '09:00', '10:00'), startsAt: at(D2, '09:00'), endsAt: at(D2, '10:00') },
  ];
  const conflicts: DraftConflict[] = [
    {
      kind: 'person_overlap',
      severity: 'warning',
      key: 'person_overlap:7:1-3',
      sessionIds: [1, 3],
      personId: 7,
      accepted: false,
    },
    { kind: 'over_capacity', severity: 'warning', key: 'over_capacity:3', sessionIds: [3], roomId: 2, accepted: true },
  ];
  const grid = (locale: 'zh-CN' | 'en') =>
    agendaGrid({ translator, locale, timezone: TZ, base: '/b', day: D1, sessions, rooms, conflicts, editingId: 3 });

  it('heads the columns with the main venue, the sub-venue and a “no room” column', () => {
    const g = grid('zh-CN');
    expect(g.venues).toEqual([
      { key: '10', name: '主会场', nameEn: 'Main venue', column: 2, span: 2, main: true },
      { key: '11', name: '德阳分会场', nameEn: 'Deyang sub-venue', column: 4, span: 1, main: false },
      { key: 'none', name: null, nameEn: null, column: 5, span: 1, main: false },
    ]);
    expect(g.rooms.map((r: GridRoom & { column: number }) => [r.name, r.nameEn, r.column])).toEqual([
      ['A厅', 'Hall A', 2],
      ['洽谈室', 'Meeting room', 4],
      ['未指定会议室', 'No room', 5],
    ]);
    expect([g.rows, g.lanes, g.empty, g.noRooms]).toEqual([108, 4, false, false]);
    expect([g.hours[0], g.hours[8], g.hours.length]).toEqual([
      { row: 3, span: 12, label: '09:00' },
      { row: 99, span: 12, label: '17:00' },
      9,
    ]);
  });

  it('lists the day’s cards in time order (the phone list), the overlapping cancelled one in a lane of its own', () => {
    const cards = grid('zh-CN').cards.map((c) => ({
      id: c.session.id,
      at: `${c.start}–${c.end}`,
      cell: [c.row, c.span, c.column],
      cancelled: c.cancelled,
      up: c.up,
      down: c.down,
      editing: c.editing,
    }));
    expect(cards).toEqual([
      { id: 1, at: '09:00–10:00', cell: [3, 12, 2], cancelled: false, up: undefined, down: [4, 1], editing: false },
      { id: 2, at: '09:30–10:30', cell: [9, 12, 3], cancelled: true, up: undefined, down: undefined, editing: false },
      { id: 4, at: '10:00–10:30', cell: [15, 6, 2], cancelled: false, up: [4, 1], down: undefined, editing: false },
      { id: 5, at: '11:00–11:30', cell: [27, 6, 5], cancelled: false, up: undefined, down: undefined, editing: false },
      { id: 3, at: '14:00–15:00', cell: [63, 12, 4], cancelled: false, up: undefined, down: undefined, editing: true },
    ]);
  });

  it('gives each card its seats, people by role and open issues, in the reader’s language', () => {
    const zh = grid('zh-CN').cards;
    const en = grid('en').cards;
    const byId = (cards: typeof zh, id: number) => cards.find((c) => c.session.id === id)!;
    expect(byId(zh, 1).people).toEqual([
      { role: 'speaker', names: '张三、李四' },
      { role: 'chair', names: '王五' },
    ]);
    expect(byId(en, 1).people).toEqual([
      { role: 'speaker', names: 'Zhang San, 李四' },
      { role: 'chair', names: 'Wang Wu' },
    ]);
    expect([byId(zh, 1).capacity, byId(zh, 1).capacityFromRoom]).toEqual([300, true]);
    expect([byId(zh, 3).capacity, byId(zh, 3).capacityFromRoom]).toEqual([60, false]);
    expect([byId(zh, 5).capacity, byId(zh, 5).room]).toEqual([null, undefined]);
    // The accepted warning is no issue any more.
    expect(byId(zh, 3).issues).toEqual([{ kind: 'person_overlap', severity: 'warning', anchor: 'conflict-0' }]);
    expect(byId(zh, 4).issues).toEqual([]);
  });

  it('offers the free slots as links to the add form, labelled in the reader’s language', () => {
    const first = (locale: 'zh-CN' | 'en') => grid(locale).free.find((f) => f.roomId === 2)!;
    expect([first('zh-CN').url, first('zh-CN').label, first('en').label]).toEqual([
      '/b?day=2027-06-01&new=1&room=2&at=09:00&until=10:00#session-form',
      '在洽谈室添加 09:00 开始的场次',
      'Add a session in Meeting room at 09:00',
    ]);
    const noRoom = grid('en').free.find((f) => f.roomId === null)!;
    expect([noRoom.url, noRoom.label]).toEqual([
      '/b?day=2027-06-01&new=1&at=09:00&until=10:00#session-form',
      'Add a session in No room at 09:00',
    ]);
  });

  it('shows an empty day with only the “no room” column when the event has no rooms', () => {
    const g = agendaGrid({
      translator,
      locale: 'en',
      timezone: TZ,
      base: '/b',
      day: D2,
      sessions: [],
      rooms: [],
      conflicts: [],
    });
    expect([g.empty, g.noRooms, g.lanes, g.cards, g.venues.map((v) => v.key)]).toEqual([true, true, 1, [], ['none']]);
  });
});
