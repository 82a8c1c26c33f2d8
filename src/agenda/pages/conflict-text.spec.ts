import type { Locale } from '../../i18n/i18n.js';
import { loadMessages, Translator } from '../../i18n/i18n.js';
import type { Conflict } from '../domain/conflicts.js';
import type { AgendaSession, EventRoom } from './agenda-view.js';
import { conflictList, explainConflict, roomTakenText, savedFlash, type ExplainContext } from './conflict-text.js';

const TZ = 'Asia/Shanghai';
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);
const D1 = '2027-06-01';
const D2 = '2027-06-02';
const translator = new Translator(loadMessages());
const event = { id: 5, timezone: TZ, startsAt: at(D1, '09:00'), endsAt: at(D2, '17:30') };

const room = (roomId: number, extra: Partial<EventRoom>): EventRoom => ({
  roomId,
  name: '',
  nameEn: null,
  capacity: null,
  venueName: null,
  venueNameEn: null,
  venueKey: '',
  venueKind: 'main',
  availableFrom: null,
  availableUntil: null,
  ...extra,
});
const hallA = room(1, { name: 'A厅', nameEn: 'Hall A', capacity: 300, venueName: '主会场', venueNameEn: 'Main venue' });
const meetingRoom = room(2, {
  name: '洽谈室',
  nameEn: 'Meeting room',
  capacity: 40,
  venueName: '德阳分会场',
  venueNameEn: 'Deyang sub-venue',
  venueKey: '11',
  venueKind: 'sub',
  availableFrom: at(D1, '13:00'),
  availableUntil: at(D1, '18:00'),
});

const li = {
  personId: 7,
  role: 'speaker',
  person: { name: '李国平', nameEn: 'Li Guoping', title: null, titleEn: null, email: null, organisation: null },
};
function session(id: number, title: string, titleEn: string | null, roomId: number | null, when: [Date, Date]) {
  return {
    id,
    kind: 'keynote',
    title,
    titleEn,
    description: null,
    descriptionEn: null,
    startsAt: when[0],
    endsAt: when[1],
    roomId,
    capacity: null,
    cancelledAt: null,
    people: [],
  } as AgendaSession;
}
const sessions = [
  { ...session(1, '主旨报告', 'Keynote', 1, [at(D1, '09:00'), at(D1, '10:00')]), people: [li] },
  session(2, '圆桌对话', 'Round table', 1, [at(D1, '09:30'), at(D1, '10:30')]),
  { ...session(3, '项目路演', 'Project roadshow', 2, [at(D1, '09:45'), at(D1, '10:15')]), capacity: 60, people: [li] },
  session(4, '晚宴', null, null, [at(D2, '18:00'), at(D2, '19:00')]),
];
const context: ExplainContext = {
  sessions: new Map(sessions.map((s) => [s.id, s])),
  rooms: new Map([hallA, meetingRoom].map((r) => [r.roomId, r])),
};
const speaker = (locale: Locale) => ({ translator, locale, event });

const roomOverlap: Conflict = {
  kind: 'room_overlap',
  severity: 'error',
  key: 'room_overlap:1-2',
  sessionIds: [1, 2],
  roomId: 1,
};
const personOverlap: Conflict = {
  kind: 'person_overlap',
  severity: 'warning',
  key: 'person_overlap:7:1-3',
  sessionIds: [1, 3],
  personId: 7,
};
const outsideEvent: Conflict = { kind: 'outside_event', severity: 'warning', key: 'outside_event:4', sessionIds: [4] };
const outsideRoom: Conflict = {
  kind: 'outside_room_availability',
  severity: 'warning',
  key: 'outside_room_availability:3',
  sessionIds: [3],
  roomId: 2,
};
const overCapacity: Conflict = {
  kind: 'over_capacity',
  severity: 'warning',
  key: 'over_capacity:3',
  sessionIds: [3],
  roomId: 2,
};

describe('explainConflict', () => {
  it.each<[string, Conflict, Locale, string]>([
    ['room_overlap', roomOverlap, 'zh-CN', '“主旨报告”与“圆桌对话”在 09:30–10:00 同时使用主会场 · A厅。'],
    ['room_overlap', roomOverlap, 'en', '“Keynote” and “Round table” both use Main venue · Hall A at 09:30–10:00.'],
    [
      'person_overlap',
      personOverlap,
      'zh-CN',
      '李国平同时安排在“主旨报告”（主会场 · A厅，09:00–10:00）和“项目路演”（德阳分会场 · 洽谈室，09:45–10:15）。',
    ],
    [
      'person_overlap',
      personOverlap,
      'en',
      'Li Guoping is in “Keynote” (Main venue · Hall A, 09:00–10:00) and in “Project roadshow” (Deyang sub-venue · Meeting room, 09:45–10:15) at once.',
    ],
    [
      'outside_event',
      outsideEvent,
      'zh-CN',
      '“晚宴”（2027年6月2日 18:00–19:00）不在活动时间（2027年6月1日 09:00 – 2027年6月2日 17:30）之内。',
    ],
    [
      // No English title: the Chinese one is shown.
      'outside_event',
      outsideEvent,
      'en',
      '“晚宴” (June 2, 2027 at 18:00–19:00) is outside the event (June 1, 2027 at 09:00 – June 2, 2027 at 17:30).',
    ],
    [
      'outside_room_availability',
      outsideRoom,
      'zh-CN',
      '“项目路演”（2027年6月1日 09:45–10:15）超出了德阳分会场 · 洽谈室的可用时间（2027年6月1日 13:00 – 2027年6月1日 18:00）。',
    ],
    [
      'outside_room_availability',
      outsideRoom,
      'en',
      '“Project roadshow” (June 1, 2027 at 09:45–10:15) is outside the hours of Deyang sub-venue · Meeting room (June 1, 2027 at 13:00 – June 1, 2027 at 18:00).',
    ],
    ['over_capacity', overCapacity, 'zh-CN', '“项目路演”设有 60 个席位，但德阳分会场 · 洽谈室只能容纳 40 人。'],
    [
      'over_capacity',
      overCapacity,
      'en',
      '“Project roadshow” has 60 seats, but Deyang sub-venue · Meeting room holds 40.',
    ],
  ])('says %s in %s', (_, conflict, locale, sentence) => {
    expect(explainConflict(speaker(locale), conflict, context)).toBe(sentence);
  });

  it.each<[Locale, Partial<EventRoom>, string]>([
    [
      'zh-CN',
      { availableUntil: null },
      '“项目路演”（2027年6月1日 09:45–10:15）超出了德阳分会场 · 洽谈室的可用时间（2027年6月1日 13:00 起）。',
    ],
    [
      'en',
      { availableUntil: null },
      '“Project roadshow” (June 1, 2027 at 09:45–10:15) is outside the hours of Deyang sub-venue · Meeting room (from June 1, 2027 at 13:00).',
    ],
    [
      'zh-CN',
      { availableFrom: null },
      '“项目路演”（2027年6月1日 09:45–10:15）超出了德阳分会场 · 洽谈室的可用时间（至 2027年6月1日 18:00）。',
    ],
    [
      'en',
      { availableFrom: null },
      '“Project roadshow” (June 1, 2027 at 09:45–10:15) is outside the hours of Deyang sub-venue · Meeting room (until June 1, 2027 at 18:00).',
    ],
  ])('gives a room open only from or until a time (%s)', (locale, hours, sentence) => {
    const rooms = new Map([[2, { ...meetingRoom, ...hours }]]);
    expect(explainConflict(speaker(locale), outsideRoom, { ...context, rooms })).toBe(sentence);
  });

  it.each<[Locale, string]>([
    ['zh-CN', '会议室冲突'],
    ['en', 'Room used twice'],
  ])('names only the kind when a session of the conflict is gone (%s)', (locale, name) => {
    expect(explainConflict(speaker(locale), { ...roomOverlap, sessionIds: [1, 99] }, context)).toBe(name);
    expect(explainConflict(speaker(locale), { ...roomOverlap, sessionIds: [99, 1] }, context)).toBe(name);
  });

  it('calls a session without a room “no room”', () => {
    const moved = { ...sessions[2], roomId: null };
    const sentence = explainConflict(speaker('en'), personOverlap, {
      ...context,
      sessions: new Map([...context.sessions, [3, moved]]),
    });
    expect(sentence).toContain('(No room, 09:45–10:15)');
  });
});

describe('conflictList', () => {
  it('splits open and accepted conflicts, names their sessions with links, and lets the last session own it', () => {
    const list = conflictList(
      speaker('en'),
      [
        { ...roomOverlap, accepted: false },
        { ...overCapacity, accepted: true },
      ],
      context,
      '/b',
    );
    expect(list.open.map((c) => [c.index, c.key, c.owner, c.sessions])).toEqual([
      [
        0,
        'room_overlap:1-2',
        2,
        [
          { title: 'Keynote', url: '/b?edit=1#session-form' },
          { title: 'Round table', url: '/b?edit=2#session-form' },
        ],
      ],
    ]);
    expect(list.accepted.map((c) => [c.index, c.text])).toEqual([
      [1, '“Project roadshow” has 60 seats, but Deyang sub-venue · Meeting room holds 40.'],
    ]);
  });
});

describe('savedFlash', () => {
  const saved = sessions[0];

  it.each<[Locale, 'created' | 'saved' | 'moved' | 'restored', string]>([
    ['zh-CN', 'created', '主旨报告'],
    ['en', 'moved', 'Keynote'],
  ])('says “%s” %s with the title when there is no warning', (locale, what, title) => {
    expect(savedFlash(speaker(locale), { session: saved, warnings: [], what }, context)).toEqual({
      kind: 'success',
      key: `consoleAgenda.flash.${what}`,
      params: { title },
    });
  });

  it.each<[Locale, string]>([
    [
      'zh-CN',
      '李国平同时安排在“主旨报告”（主会场 · A厅，09:00–10:00）和“项目路演”（德阳分会场 · 洽谈室，09:45–10:15）；' +
        '“项目路演”设有 60 个席位，但德阳分会场 · 洽谈室只能容纳 40 人；' +
        '“晚宴”（2027年6月2日 18:00–19:00）不在活动时间（2027年6月1日 09:00 – 2027年6月2日 17:30）之内；另有 1 条',
    ],
    [
      'en',
      'Li Guoping is in “Keynote” (Main venue · Hall A, 09:00–10:00) and in “Project roadshow” (Deyang sub-venue · Meeting room, 09:45–10:15) at once; ' +
        '“Project roadshow” has 60 seats, but Deyang sub-venue · Meeting room holds 40; ' +
        '“晚宴” (June 2, 2027 at 18:00–19:00) is outside the event (June 1, 2027 at 09:00 – June 2, 2027 at 17:30); 1 more',
    ],
  ])('explains three warnings and counts the rest (%s)', (locale, details) => {
    const warnings = [personOverlap, overCapacity, outsideEvent, outsideRoom];
    expect(savedFlash(speaker(locale), { session: saved, warnings, what: 'saved' }, context)).toEqual({
      kind: 'info',
      key: 'consoleAgenda.flash.withWarnings',
      params: { title: locale === 'en' ? 'Keynote' : '主旨报告', n: 4, details },
    });
  });

  it('cuts a long title and long details short (the flash travels in a cookie)', () => {
    const long = { title: '长'.repeat(150), titleEn: null };
    const many = new Map([...context.sessions, [3, { ...sessions[2], title: '路'.repeat(400) }]]);
    const flash = savedFlash(
      speaker('zh-CN'),
      { session: long, warnings: [personOverlap, overCapacity], what: 'saved' },
      { ...context, sessions: many },
    );
    expect(flash.params?.title).toBe(`${'长'.repeat(99)}…`);
    expect(String(flash.params?.details)).toHaveLength(600);
    expect(String(flash.params?.details).endsWith('…')).toBe(true);
  });
});

describe('roomTakenText', () => {
  it.each<[Locale, number | undefined, string]>([
    ['zh-CN', 2, 'A厅此时已被占用：“主旨报告”'],
    ['en', 2, 'Hall A is already used at this time by “Keynote”'],
    ['zh-CN', undefined, 'A厅此时已被占用：“主旨报告”、“圆桌对话”'],
    ['en', undefined, 'Hall A is already used at this time by “Keynote”, “Round table”'],
  ])('names the room and the other sessions (%s, saving session %s)', (locale, sessionId, text) => {
    expect(
      roomTakenText(
        { translator, locale },
        { sessionId, roomId: undefined, conflicts: [roomOverlap], sessions, rooms: [hallA, meetingRoom] },
      ),
    ).toBe(text);
  });
});
