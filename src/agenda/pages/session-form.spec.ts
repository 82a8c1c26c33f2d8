import { loadMessages, Translator } from '../../i18n/i18n.js';
import type { AgendaSession, EventRoom } from './agenda-view.js';
import {
  fieldLabel,
  newSessionValues,
  personProblem,
  readMoveForm,
  readSessionForm,
  sessionFormValues,
  sessionFormView,
  type FormState,
} from './session-form.js';

const TZ = 'Asia/Shanghai';
const translator = new Translator(loadMessages());

/** A form post of a session on the event's second day, with two people and a blank row between them. */
const typed = {
  kind: 'forum',
  title: '成果对接专场',
  day: '2027-06-02',
  startsAt: '09:30',
  endsAt: '10:15',
  roomId: '3',
  capacity: '60',
  'people.0.role': 'chair',
  'people.0.name': '王主持',
  'people.0.organisation': '德阳市科技局',
  // A blank row: only its role select is sent.
  'people.1.role': 'speaker',
  'people.2.role': 'speaker',
  'people.2.name': '李国平',
  'people.2.title': '总工程师',
  'people.2.titleEn': 'Chief Engineer',
  'people.2.email': 'li@example.cn',
};

describe('the process time zone', () => {
  it('is not the event’s, so the times below are proven to be read in the event’s zone', () => {
    expect(new Date('2027-06-02T01:30:00Z').getHours()).toBe(21);
  });
});

describe('readSessionForm', () => {
  it('reads local times in the event’s zone and two people, ignoring the blank row', () => {
    expect(readSessionForm(typed, TZ, 'create')).toEqual({
      dto: {
        kind: 'forum',
        title: '成果对接专场',
        roomId: 3,
        capacity: 60,
        startsAt: '2027-06-02T01:30:00.000Z',
        endsAt: '2027-06-02T02:15:00.000Z',
        people: [
          { role: 'chair', name: '王主持', organisation: '德阳市科技局' },
          { role: 'speaker', name: '李国平', title: '总工程师', titleEn: 'Chief Engineer', email: 'li@example.cn' },
        ],
      },
      errors: [],
      rowOf: [0, 2],
    });
  });

  it('clears the optional fields left empty on an update, and leaves them out on a creation', () => {
    const values = { kind: 'talk', title: 'T', day: '2027-06-01', startsAt: '09:00', endsAt: '10:00' };
    expect(readSessionForm(values, TZ, 'update').dto).toEqual({
      kind: 'talk',
      title: 'T',
      titleEn: null,
      description: null,
      descriptionEn: null,
      capacity: null,
      roomId: null,
      startsAt: '2027-06-01T01:00:00.000Z',
      endsAt: '2027-06-01T02:00:00.000Z',
      people: [],
    });
    expect(Object.keys(readSessionForm(values, TZ, 'create').dto).sort()).toEqual([
      'endsAt',
      'kind',
      'people',
      'startsAt',
      'title',
    ]);
  });

  it.each([
    ['a time that is no time', { startsAt: '9:3' }, [{ field: 'startsAt', reason: 'a time is required' }]],
    ['a missing end', { endsAt: undefined }, [{ field: 'endsAt', reason: 'a time is required' }]],
    [
      'a day that does not exist',
      { day: '2027-02-30' },
      [
        { field: 'day', reason: 'a date is required' },
        { field: 'day', reason: 'a date is required' },
      ],
    ],
    ['no day at all', { day: 'next Tuesday' }, [{ field: 'day', reason: 'a date is required' }]],
    [
      'a person row without a name',
      { 'people.1.organisation': '四川大学' },
      [{ field: 'people.1.name', reason: 'a name is required' }],
    ],
    [
      'a person row with only an English job title',
      { 'people.1.titleEn': 'Dean' },
      [{ field: 'people.1.name', reason: 'a name is required' }],
    ],
  ])('reports %s', (_, change, errors) => {
    expect(readSessionForm({ ...typed, ...change }, TZ, 'create').errors).toEqual(errors);
  });

  it('passes a number that is no whole number on as typed, for the DTO to refuse', () => {
    expect(readSessionForm({ ...typed, capacity: '1.5', roomId: 'x' }, TZ, 'create').dto).toMatchObject({
      capacity: '1.5',
      roomId: 'x',
    });
  });

  it('reads at most a hundred person rows', () => {
    const reading = readSessionForm({ ...typed, 'people.100.name': 'X', 'people.99.name': 'Y' }, TZ, 'create');
    expect(reading.rowOf).toEqual([0, 2, 99]);
  });
});

describe('personProblem', () => {
  it.each([
    ['people.1.email', 'people.2.email'],
    ['people.0', 'people.0'],
    ['people.5.name', 'people.5.name'],
    ['title', 'title'],
  ])('points a problem of %s at the form row %s', (field, row) => {
    expect(personProblem({ field, reason: 'r' }, [0, 2])).toEqual({ field: row, reason: 'r' });
  });
});

const saved: AgendaSession = {
  id: 8,
  kind: 'forum',
  title: '成果对接专场',
  titleEn: 'Matchmaking forum',
  description: null,
  descriptionEn: 'About',
  // 09:30–10:15 on 2 June in Shanghai; 21:30 on 1 June in New York.
  startsAt: new Date('2027-06-02T01:30:00Z'),
  endsAt: new Date('2027-06-02T02:15:00Z'),
  roomId: 3,
  capacity: null,
  cancelledAt: null,
  people: [
    {
      personId: 1,
      role: 'chair',
      person: {
        name: '王主持',
        nameEn: null,
        title: null,
        titleEn: null,
        email: null,
        organisation: { name: '德阳市科技局', nameEn: null },
      },
    },
    {
      personId: 2,
      role: 'speaker',
      person: {
        name: '李国平',
        nameEn: 'Li Guoping',
        title: '总工程师',
        titleEn: 'Chief Engineer',
        email: 'li@example.cn',
        organisation: null,
      },
    },
  ],
};

describe('sessionFormValues', () => {
  it('shows a saved session in the event’s zone, one row per person', () => {
    expect(sessionFormValues(saved, TZ)).toEqual({
      kind: 'forum',
      title: '成果对接专场',
      titleEn: 'Matchmaking forum',
      description: undefined,
      descriptionEn: 'About',
      capacity: undefined,
      roomId: 3,
      day: '2027-06-02',
      startsAt: '09:30',
      endsAt: '10:15',
      'people.0.role': 'chair',
      'people.0.name': '王主持',
      'people.0.organisation': '德阳市科技局',
      'people.0.title': undefined,
      'people.0.titleEn': undefined,
      'people.0.email': undefined,
      'people.1.role': 'speaker',
      'people.1.name': '李国平',
      'people.1.organisation': undefined,
      'people.1.title': '总工程师',
      'people.1.titleEn': 'Chief Engineer',
      'people.1.email': 'li@example.cn',
    });
  });

  it('reads back into the same times', () => {
    const values = Object.fromEntries(Object.entries(sessionFormValues(saved, TZ)).filter(([, v]) => v !== undefined));
    expect(readSessionForm(values, TZ, 'update').dto).toMatchObject({
      startsAt: saved.startsAt.toISOString(),
      endsAt: saved.endsAt.toISOString(),
    });
  });
});

describe('newSessionValues and readMoveForm', () => {
  it('opens the add form at the free slot’s day, room and times, ignoring what cannot be read', () => {
    expect(newSessionValues({ day: '2027-06-02', room: '3', at: '14:00', until: '15:00' })).toEqual({
      kind: 'keynote',
      day: '2027-06-02',
      roomId: '3',
      startsAt: '14:00',
      endsAt: '15:00',
    });
    expect(newSessionValues({ day: 'x', room: 'hall', at: '25:00' })).toEqual({
      kind: 'keynote',
      day: undefined,
      roomId: undefined,
      startsAt: undefined,
      endsAt: undefined,
    });
  });

  it('moves a session to another day and start, keeping its length', () => {
    expect(readMoveForm({ day: '2027-06-01', startsAt: '16:00', roomId: '4' }, saved, TZ)).toEqual({
      startsAt: '2027-06-01T08:00:00.000Z',
      endsAt: '2027-06-01T08:45:00.000Z',
      roomId: 4,
    });
    expect(readMoveForm({ day: '2027-06-01', startsAt: '16:00' }, saved, TZ)?.roomId).toBeNull();
    expect(readMoveForm({ day: '2027-06-01', startsAt: '4pm' }, saved, TZ)).toBeUndefined();
  });
});

describe('sessionFormView', () => {
  const rooms: EventRoom[] = [
    {
      roomId: 1,
      name: 'A厅',
      nameEn: 'Hall A',
      capacity: 300,
      venueName: '主会场',
      venueNameEn: 'Main venue',
      venueKey: '10',
      venueKind: 'main',
      availableFrom: null,
      availableUntil: null,
    },
    {
      roomId: 3,
      name: '洽谈室',
      nameEn: 'Meeting room',
      capacity: 40,
      venueName: '德阳分会场',
      venueNameEn: 'Deyang sub-venue',
      venueKey: '11',
      venueKind: 'sub',
      availableFrom: null,
      availableUntil: null,
    },
  ];
  const view = (form: FormState, locale: 'zh-CN' | 'en' = 'zh-CN', editing?: AgendaSession) =>
    sessionFormView({
      translator,
      locale,
      timezone: TZ,
      base: '/b',
      form,
      editing,
      rooms,
      day: '2027-06-01',
      publishedIds: new Set([8]),
      kinds: ['keynote', 'forum'],
      roles: ['chair', 'speaker'],
    });

  it('keeps what was typed, an invalid time included, with each problem at its field in the reader’s language', () => {
    const values = { ...typed, startsAt: '9:3', 'people.2.email': 'li@' };
    const reading = readSessionForm(values, TZ, 'create');
    const dtoProblems = [{ field: 'people.1.email', reason: 'email must be an email address', code: 'isEmail' }];
    const errors = [...reading.errors, ...dtoProblems.map((p) => personProblem(p, reading.rowOf))];
    const zh = view({ mode: 'new', values, errors });
    expect(zh.values).toEqual(values);
    expect(zh.values.startsAt).toBe('9:3');
    expect(zh.errors).toEqual([
      { text: '请填写时间', label: '开始时间', anchor: 'f-s-startsAt' },
      { text: '请输入有效的电子邮箱地址', label: '第 3 人 · 电子邮箱', anchor: 'f-s-people-2-email' },
    ]);
    expect(zh.fieldErrors).toEqual({ startsAt: '请填写时间', 'people.2.email': '请输入有效的电子邮箱地址' });
    expect(view({ mode: 'new', values, errors }, 'en').errors.map((e) => `${e.label}: ${e.text}`)).toEqual([
      'Starts: Give a time',
      'Person 3 · Email: Please enter a valid email address',
    ]);
    // The rows stay where they were typed: row 2 holds the speaker and its problem, row 1 stays blank.
    expect(zh.rows.map((r) => [r.row, r.role, r.cells.map((c) => c.value ?? '').join('|')])).toEqual([
      [0, 'chair', '王主持|德阳市科技局|||'],
      [1, 'speaker', '||||'],
      [2, 'speaker', '李国平||总工程师|Chief Engineer|li@'],
      [3, 'speaker', '||||'],
      [4, 'speaker', '||||'],
    ]);
    expect(zh.rows[2].cells.map((c) => [c.field, c.label])).toEqual([
      ['name', 'name'],
      ['organisation', 'organisation'],
      ['title', 'personTitle'],
      ['titleEn', 'personTitleEn'],
      ['email', 'email'],
    ]);
    expect(zh.rows[2].cells.find((c) => c.field === 'email')).toEqual({
      field: 'email',
      label: 'email',
      type: 'email',
      value: 'li@',
      error: '请输入有效的电子邮箱地址',
    });
    expect([zh.mode, zh.action, zh.closeUrl, zh.session, zh.canDelete, zh.move]).toEqual([
      'new',
      '/b/sessions',
      '/b?day=2027-06-02',
      undefined,
      false,
      undefined,
    ]);
  });

  it('offers two blank rows after the last filled one (five at least)', () => {
    const values = { 'people.6.name': '张三' };
    expect(view({ mode: 'new', values, errors: [] }).rows.map((r) => r.row)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('opens an edit form with the saved values, its move form and whether it may be deleted', () => {
    const form = view({ mode: 'edit', sessionId: 8, errors: [] }, 'en', saved);
    expect(form.values).toMatchObject({ day: '2027-06-02', startsAt: '09:30', 'people.1.name': '李国平' });
    expect([form.action, form.canDelete, form.cancelled, form.move]).toEqual([
      '/b/sessions/8',
      false,
      false,
      { day: '2027-06-02', startsAt: '09:30', roomId: 3 },
    ]);
    expect(form.roomGroups.map((g) => [g.key, g.name, g.rooms.map((r) => r.roomId)])).toEqual([
      ['10', '主会场', [1]],
      ['11', '德阳分会场', [3]],
    ]);
  });
});

describe('fieldLabel', () => {
  it.each([
    ['zh-CN', 'people.0.title', '第 1 人 · 职务'],
    ['zh-CN', 'people.1.titleEn', '第 2 人 · 英文职务'],
    ['en', 'people.1.titleEn', 'Person 2 · English job title'],
    ['en', 'people.4.organisation', 'Person 5 · Organisation'],
    ['en', 'roomId', 'Room'],
    ['en', 'unknown', 'unknown'],
  ] as const)('labels %s %s as “%s”', (locale, field, label) => {
    expect(fieldLabel(translator, locale, field)).toBe(label);
  });
});
