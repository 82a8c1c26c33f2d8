import { meetingChange, meetingSlots, meetingTables, zoneProblems } from './meeting-slots.js';

const at = (hhmm: string) => new Date(`2027-05-20T${hhmm}:00+08:00`);

describe('meetingSlots', () => {
  it.each([
    ['20-minute slots in 90 minutes leave the last 10 minutes out', 20, 0, 4, '17:20'],
    ['with 5-minute breaks, the fourth no longer fits', 20, 5, 3, '17:10'],
    ['a slot as long as the session', 90, 0, 1, '17:30'],
    ['a slot longer than the session', 120, 0, 0, undefined],
  ])('%s', (_name, slotMinutes, breakMinutes, count, lastEnd) => {
    const slots = meetingSlots(at('16:00'), at('17:30'), { slotMinutes, breakMinutes });
    expect(slots.length).toBe(count);
    expect(slots.map((s) => s.number)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    if (lastEnd) expect(slots.at(-1)!.endsAt).toEqual(at(lastEnd));
  });
});

describe('meetingTables and zoneProblems', () => {
  it('labels tables by their zone range', () => {
    expect(meetingTables(4, [{ from: 1, to: 2, label: 'A区', labelEn: 'Zone A' }])).toEqual([
      { number: 1, zone: 'A区', zoneEn: 'Zone A' },
      { number: 2, zone: 'A区', zoneEn: 'Zone A' },
      { number: 3, zone: null, zoneEn: null },
      { number: 4, zone: null, zoneEn: null },
    ]);
  });

  it('refuses reversed, overlapping and out-of-range zones', () => {
    expect(
      zoneProblems(5, [
        { from: 3, to: 2, label: 'x' },
        { from: 1, to: 3, label: 'a' },
        { from: 3, to: 6, label: 'b' },
      ]),
    ).toEqual([
      { field: 'tableZones.0.to', reason: 'must not be before from' },
      { field: 'tableZones.2.to', reason: 'there are only 5 tables' },
      { field: 'tableZones.2.from', reason: 'table 3 is already in zone 2' },
    ]);
  });
});

describe('meetingChange', () => {
  const none = { slot: null, table: null, startsAt: null, endsAt: null };
  const place = (slot: number, table: number, start = '16:00') => ({
    slot,
    table,
    startsAt: at(start),
    endsAt: new Date(at(start).getTime() + 20 * 60_000),
  });
  it.each([
    ['never placed', none, none, 'none'],
    ['placed for the first time', place(1, 1), none, 'new'],
    ['same place', place(1, 1), place(1, 1), 'unchanged'],
    ['another table', place(1, 2), place(1, 1), 'moved'],
    ['another slot', place(2, 1), place(1, 1), 'moved'],
    ['the session moved in time', place(1, 1, '16:30'), place(1, 1), 'moved'],
    ['lost its place', none, place(1, 1), 'cancelled'],
  ] as const)('%s → %s', (_name, current, sent, expected) => {
    expect(meetingChange(current, sent)).toBe(expected);
  });
});
