import { assignSequences, diffSchedules, type ScheduleSnapshot, type SnapshotSession } from './schedule.js';

const session = (id: number, extra: Partial<SnapshotSession> = {}): SnapshotSession => ({
  id,
  kind: 'keynote',
  title: `报告${id}`,
  titleEn: `Talk ${id}`,
  description: null,
  descriptionEn: null,
  startsAt: '2027-03-05T01:00:00.000Z',
  endsAt: '2027-03-05T02:00:00.000Z',
  roomId: 1,
  room: '主会场',
  roomEn: 'Main hall',
  venue: '主会场',
  venueEn: 'Main venue',
  capacity: null,
  position: 0,
  sequence: 0,
  people: [],
  ...extra,
});

describe('schedule diff', () => {
  const v1: ScheduleSnapshot = { sessions: [session(1), session(2), session(3), session(4)] };
  const v2: ScheduleSnapshot = {
    sessions: [
      session(1),
      session(2, { startsAt: '2027-03-05T03:00:00.000Z', endsAt: '2027-03-05T04:00:00.000Z' }),
      session(3, { roomId: 2, room: '分会场', roomEn: 'Sub hall' }),
      session(4, {
        title: '新标题',
        people: [
          {
            personId: 9,
            role: 'speaker',
            name: '王',
            nameEn: null,
            organisation: null,
            organisationEn: null,
            title: null,
          },
        ],
      }),
      session(5),
    ],
  };

  it('finds the first publication all new', () => {
    expect(diffSchedules(null, v1).map((c) => [c.type, c.sessionId])).toEqual([
      ['new', 1],
      ['new', 2],
      ['new', 3],
      ['new', 4],
    ]);
  });

  it('names moved, room-changed, changed, new and cancelled sessions', () => {
    const v3 = { sessions: v2.sessions.filter((s) => s.id !== 1) };
    const changes = diffSchedules(v1, v2);
    expect(changes.map((c) => [c.type, c.sessionId, c.fields])).toEqual([
      ['moved', 2, ['time']],
      ['room_changed', 3, ['room']],
      ['changed', 4, ['title', 'people']],
      ['new', 5, []],
    ]);
    expect(changes[0].before?.startsAt).toBe('2027-03-05T01:00:00.000Z');
    expect(changes[0].after?.startsAt).toBe('2027-03-05T03:00:00.000Z');
    expect(diffSchedules(v2, v3)).toEqual([expect.objectContaining({ type: 'cancelled', sessionId: 1 })]);
  });

  it('bumps SEQUENCE only for sessions that changed', () => {
    const first = assignSequences(null, v1);
    const second = assignSequences(first, v2);
    expect(second.sessions.map((s) => [s.id, s.sequence])).toEqual([
      [1, 0],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 0],
    ]);
    expect(assignSequences(second, v2).sessions.map((s) => s.sequence)).toEqual([0, 1, 1, 1, 0]);
  });
});
