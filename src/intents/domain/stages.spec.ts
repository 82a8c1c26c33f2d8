import { isCalendarDay, mondayOf, stageChangeProblems, summarise, type HistoryEntry } from './stages.js';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('stageChangeProblems', () => {
  it.each([
    ['intent', { to: 'negotiating' }, []],
    ['intent', { to: 'signed' }, []],
    ['negotiating', { to: 'signed' }, []],
    ['signed', { to: 'landed', landedPlace: '资阳', landedOn: '2027-03-01' }, []],
    ['signed', { to: 'landed' }, ['landedPlace', 'landedOn']],
    ['signed', { to: 'landed', landedPlace: ' ', landedOn: '2027-03-01' }, ['landedPlace']],
    ['negotiating', { to: 'dropped', droppedReason: 'no_budget' }, []],
    ['negotiating', { to: 'dropped' }, ['droppedReason']],
    ['landed', { to: 'dropped', droppedReason: 'other' }, ['stage']],
    ['landed', { to: 'dropped', droppedReason: 'other', correction: true, note: '并未落地' }, []],
    ['dropped', { to: 'negotiating', note: '对方恢复洽谈' }, []],
    ['dropped', { to: 'negotiating' }, ['note']],
    ['dropped', { to: 'landed', landedPlace: 'x', landedOn: '2027-01-01', note: 'n' }, ['stage']],
    ['signed', { to: 'negotiating' }, ['correction', 'note']],
    ['signed', { to: 'negotiating', correction: true }, ['note']],
    ['signed', { to: 'negotiating', correction: true, note: '误操作' }, []],
    ['negotiating', { to: 'signed', correction: true }, ['note']],
    ['intent', { to: 'intent' }, ['stage']],
  ] as const)('from %s %j → problems on %j', (from, change, expected) => {
    expect(fields(stageChangeProblems(from, change))).toEqual(expected);
  });
});

describe('summarise', () => {
  const day = (n: number) => new Date(Date.UTC(2031, 0, 1 + n));
  const entry = (id: number, toStage: HistoryEntry['toStage'], n: number, correctsId: number | null = null) => ({
    id,
    toStage,
    at: day(n),
    correctsId,
  });

  it('takes the furthest stage and the first time each stage was reached', () => {
    expect(
      summarise([entry(1, 'intent', 0), entry(2, 'negotiating', 2), entry(3, 'signed', 5), entry(4, 'landed', 9)]),
    ).toEqual({
      reachedRank: 3,
      intentAt: day(0),
      negotiatingAt: day(2),
      signedAt: day(5),
      landedAt: day(9),
      droppedAt: null,
    });
  });

  it('leaves out an entry that a later one corrects', () => {
    expect(
      summarise([
        entry(1, 'intent', 0),
        entry(2, 'negotiating', 1),
        entry(3, 'signed', 2),
        entry(4, 'negotiating', 3, 3),
      ]),
    ).toMatchObject({ reachedRank: 1, signedAt: null, negotiatingAt: day(1) });
  });

  it('counts skipped stages as passed but without a time, and a reopened drop as dropped once', () => {
    expect(
      summarise([entry(1, 'signed', 0), entry(2, 'dropped', 4), entry(3, 'signed', 6), entry(4, 'dropped', 8)]),
    ).toEqual({
      reachedRank: 2,
      intentAt: null,
      negotiatingAt: null,
      signedAt: day(0),
      landedAt: null,
      droppedAt: day(4),
    });
  });
});

describe('days', () => {
  it.each([
    ['2031-02-28', true],
    ['2031-02-29', false],
    ['2032-02-29', true],
    ['2031-13-01', false],
    ['31-01-01', false],
  ])('%s is a calendar day: %s', (value, ok) => expect(isCalendarDay(value)).toBe(ok));

  it.each([
    ['2031-03-03', '2031-03-03'],
    ['2031-03-05', '2031-03-03'],
    ['2031-03-09', '2031-03-03'],
    ['2031-03-10', '2031-03-10'],
  ])('the week of %s starts on Monday %s', (day, monday) => expect(mondayOf(day)).toBe(monday));
});
