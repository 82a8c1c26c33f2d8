import { findConflicts, type PlannedRoom, type PlannedSession } from './conflicts.js';

const t = (hhmm: string, day = '2027-03-05') => new Date(`${day}T${hhmm}:00+08:00`);
const event = { startsAt: t('09:00'), endsAt: t('17:30', '2027-03-06') };
const rooms: PlannedRoom[] = [
  { id: 1, name: '主会场', capacity: 300, availableFrom: null, availableUntil: null },
  { id: 2, name: '分会场', capacity: 40, availableFrom: t('13:00'), availableUntil: t('18:00') },
];
const s = (
  id: number,
  from: string,
  to: string,
  roomId: number | null,
  extra: Partial<PlannedSession> = {},
): PlannedSession => ({
  id,
  title: `S${id}`,
  startsAt: t(from),
  endsAt: t(to),
  roomId,
  capacity: null,
  personIds: [],
  ...extra,
});

describe('findConflicts', () => {
  it('refuses two sessions in one room at once, but not back to back', () => {
    const found = findConflicts(
      [s(1, '09:00', '10:00', 1), s(2, '09:30', '10:30', 1), s(3, '10:30', '11:00', 1)],
      rooms,
      event,
    );
    expect(found).toEqual([
      { kind: 'room_overlap', severity: 'error', key: 'room_overlap:1-2', sessionIds: [1, 2], roomId: 1 },
    ]);
  });

  it('warns when a person is in two places at once', () => {
    const found = findConflicts(
      [s(1, '09:00', '10:00', 1, { personIds: [7, 8] }), s(2, '09:45', '10:15', null, { personIds: [8] })],
      rooms,
      event,
    );
    expect(found).toEqual([
      { kind: 'person_overlap', severity: 'warning', key: 'person_overlap:8:1-2', sessionIds: [1, 2], personId: 8 },
    ]);
  });

  it('warns about sessions outside the event, outside a room’s hours, and larger than the room', () => {
    const found = findConflicts(
      [
        s(1, '08:00', '09:30', 1),
        s(2, '12:00', '14:00', 2, { capacity: 80 }),
        s(3, '14:00', '15:00', 2, { capacity: 40 }),
      ],
      rooms,
      event,
    );
    expect(found.map((c) => c.key)).toEqual(['outside_event:1', 'outside_room_availability:2', 'over_capacity:2']);
    expect(found.every((c) => c.severity === 'warning')).toBe(true);
  });

  it('reports only what concerns the session being saved when asked', () => {
    const sessions = [
      s(1, '09:00', '10:00', 1),
      s(2, '09:30', '10:30', 1),
      s(3, '09:00', '10:00', 2, { capacity: 99 }),
    ];
    expect(findConflicts(sessions, rooms, event, 3).map((c) => c.kind)).toEqual([
      'outside_room_availability',
      'over_capacity',
    ]);
    expect(findConflicts(sessions, rooms, event, 1).map((c) => c.kind)).toEqual(['room_overlap']);
  });
});
